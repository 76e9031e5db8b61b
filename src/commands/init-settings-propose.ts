/**
 * What the Django settings (init-settings.ts) change in the proposed config: MEDIA_ROOT inside the
 * project becomes a shared directory (uploads survive a release), the database engine gives the
 * backup section (a SQLite file is shared and backed up), and an ALLOWED_HOSTS of one name gives
 * the health check its Host header. Pure: facts in, additions out.
 */
import { posix } from 'node:path';
import type { SettingsFacts } from './init-settings.js';
type Yaml = Record<string, unknown>;

const LOCAL = new Set(['*', '127.0.0.1', 'localhost', '.localhost', '[::1]']);

/** Repo-relative path of a project-relative one ('' project dir: the repo root). */
const inProject = (projectDir: string, p: string): string => posix.join(projectDir === '.' ? '' : projectDir, p);

/** `health.headers` when ALLOWED_HOSTS lists exactly one name that is not local. */
export function healthFromSettings(s: SettingsFacts): Yaml | undefined {
  const hosts = s.allowedHosts ?? [];
  if (hosts.length !== 1 || LOCAL.has(hosts[0]!) || hosts[0]!.includes('$')) return undefined;
  return { headers: { Host: hosts[0]!.replace(/^\./, '') } };
}

/** The shared directory for MEDIA_ROOT (uploads), when it lies inside the project; a todo when it does not. */
export function mediaShared(s: SettingsFacts, projectDir: string, files: string[], todo: string[]): string | undefined {
  if (!s.mediaRoot) return undefined;
  if (s.mediaRoot.startsWith('/')) {
    todo.push(`MEDIA_ROOT is ${s.mediaRoot}, outside the deploy: make sure it exists on the host and is backed up`);
    return undefined;
  }
  const dir = inProject(projectDir, s.mediaRoot);
  if (files.some((f) => f.startsWith(`${dir}/`)))
    todo.push(`MEDIA_ROOT (${dir}/) holds committed files: move them out, then list ${dir}/ in shared so uploads survive a release`);
  else return `${dir}/`;
  return undefined;
}

/** The backup of a database the settings name (a host-mode dump, or the shared SQLite file), with its todo line. */
export function settingsBackup(
  s: SettingsFacts,
  projectDir: string,
  project: string,
  todo: string[],
): { backup: Yaml; shared?: string } | undefined {
  const engine = s.engine;
  if (!engine) return undefined;
  if (engine.engine === 'sqlite') {
    if (!s.sqliteName) return undefined;
    const file = inProject(projectDir, s.sqliteName);
    todo.push(
      `before the first deploy, put the SQLite database at <path>/shared/${file} on the host (from ${engine.from}; a shared file is never uploaded; doctor checks it)`,
    );
    return { backup: { engine: 'sqlite', path: `shared/${file}`, keep: 10 }, shared: file };
  }
  const database = s.url?.database ?? project;
  const user = s.url?.user ?? project;
  const password = s.passwordEnv ? { password_env: s.passwordEnv } : {};
  todo.push(
    `check targets.production.backup (${engine.engine}, from ${engine.from}: database "${database}", user "${user}"${s.passwordEnv ? `, password in ${s.passwordEnv} of the shared .env` : ', set password_env to the variable holding the password'})`,
  );
  return { backup: { engine: engine.engine, database, user, ...password, keep: 10 } };
}
