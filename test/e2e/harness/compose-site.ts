/**
 * A deployed compose-app fixture for fault and lock tests: a repo with one target `vps` (sqlite
 * backup, shared .env and media, the given lock_ttl), the host's shared files and database
 * seeded, and a first deploy done.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { createAppRepo, type AppRepo } from './app-repo.js';
import { runCli, type CliRun } from './cli.js';
import { buildBusyboxBaseImage, removeProject, uniqueProject } from './docker.js';
import { FIXTURE_RULES, fixtureHeader } from './fixture-config.js';
import { startSshd, type SshdHandle } from './sshd.js';
import { makeTempDir, removeTree } from './tmp.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/compose-app', import.meta.url));

export interface SiteOptions {
  /** where the repo goes */
  dir: string;
  project: string;
  /** `user@host`, port and deploy path of the target */
  host: string;
  port: number;
  path: string;
  knownHosts: string;
  clientKey: string;
  lockTtl: string;
  /** compose.command (default docker-compose) and compose.files (default [docker-compose.yml]) */
  command?: string;
  composeFiles?: string[];
  /** compose.services as flow YAML, e.g. `{web: {rollout: start-first}}` */
  composeServices?: string;
  /** the target's backup line (default: the host's sqlite database shared/db.sqlite3) */
  backup?: string;
  /** more files in the repo's first commit */
  files?: Record<string, string>;
  /** edits the generated .github/deploy.yml (e.g. a task's options) */
  editConfig?: (yaml: string) => string;
}

export interface ComposeSite {
  repo: AppRepo;
  env: Record<string, string>;
  /** `deploy --repo R --target vps --json ...extra` */
  args(...extra: string[]): string[];
  /** a path under the deploy path */
  at(...p: string[]): string;
  state(): { current: string };
  /** the release `current` points to */
  link(): string;
  /** the first deploy's run (done by createComposeSite) */
  first: CliRun;
}

export async function createComposeSite(o: SiteOptions): Promise<ComposeSite> {
  const target = [
    'strategy: compose',
    `host: ${o.host}`,
    `port: ${o.port}`,
    `path: ${o.path}`,
    'shared: [.env, media/]',
    `lock_ttl: ${o.lockTtl}`,
    o.backup ?? 'backup: {engine: sqlite, path: shared/db.sqlite3, keep: 1000}',
    'health: {services: true, timeout: 60s}',
  ];
  const generated = `${fixtureHeader(o.project, o.command, o.composeFiles, o.composeServices)}${FIXTURE_RULES}targets:\n  vps:\n${target.map((l) => `    ${l}`).join('\n')}\n`;
  const config = o.editConfig ? o.editConfig(generated) : generated;
  const repo = await createAppRepo(FIXTURE, join(o.dir, 'repo'), { ...o.files, '.github/deploy.yml': config });
  const at = (...p: string[]) => join(o.path, ...p);
  await mkdir(at('shared', 'media'), { recursive: true });
  await writeFile(at('shared', '.env'), 'SECRET_KEY=keep-me\n');
  await writeFile(at('shared', 'media', 'upload.jpg'), 'user upload');
  execFileSync('sqlite3', [at('shared', 'db.sqlite3'), 'create table t(x); insert into t values (1),(2),(3);']);
  const site: Omit<ComposeSite, 'first'> = {
    repo,
    env: { GITOPS_SSH_KEY: o.clientKey, GITOPS_KNOWN_HOSTS: o.knownHosts },
    args: (...extra) => ['deploy', '--repo', repo.dir, '--target', 'vps', '--json', ...extra],
    at,
    state: () => JSON.parse(readFileSync(at('.deploy', 'state.json'), 'utf8')) as { current: string },
    link: () => readlinkSync(at('current')).replace('releases/', ''),
  };
  const first = await runCli(site.args(), site.env);
  expect(first.code, first.stderr).toBe(0);
  return { ...site, first };
}

/** What composeSiteOnSshd sets up: the site once its beforeAll has run, and its compose project. */
export interface SiteOnSshd {
  site: ComposeSite;
  project: string;
}

type SshdSiteOptions = Omit<SiteOptions, 'dir' | 'project' | 'host' | 'port' | 'path' | 'knownHosts' | 'clientKey' | 'lockTtl'>;

/**
 * Hooks of the calling describe: the busybox base image, a harness sshd, a temp dir and a deployed
 * site on it (a unique project named from `prefix`, lock_ttl 60s); all removed after.
 */
export function composeSiteOnSshd(prefix: string, options: SshdSiteOptions): SiteOnSshd {
  let sshd: SshdHandle | undefined;
  let tmp = '';
  const ctx = { project: uniqueProject(prefix) } as SiteOnSshd;
  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir(`gitops-e2e-${prefix}`);
    const at = { dir: tmp, project: ctx.project, path: join(tmp, 'host', 'app'), lockTtl: '60s' };
    const ssh = { host: 'root@127.0.0.1', port: sshd.port, knownHosts: sshd.knownHosts, clientKey: sshd.clientKey };
    ctx.site = await createComposeSite({ ...at, ...ssh, ...options });
  }, 600_000);
  afterAll(async () => {
    await removeProject(ctx.project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });
  return ctx;
}
