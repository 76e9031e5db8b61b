/**
 * A build on the runner runs compose in a fresh export of the commit. When the compose directory's
 * `.env` is not committed but kept on the hosts (a `shared` entry), compose on a host interpolates
 * the build sections with it, compose on the runner without it: a `${VAR}` in `build.args` (or
 * `image:`, `target:`...) the host's `.env` sets would silently be empty (or its default) in the
 * image every host then pulls. Such a build is refused before it starts, naming the services and
 * the variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseComposeServices } from '../compose/document.js';
import { composeDotEnvPath } from '../compose/dotenv.js';
import type { Variables } from '../compose/interpolate.js';
import { UserError } from '../core/errors.js';

const MARK = '\u0001';
const MARKED = /\u0001([A-Za-z_][A-Za-z0-9_]*)\u0001/g;

/** Variables that are all set, each to a marker naming it: what a build section reads shows in it. */
const marking: Variables = new Proxy({} as Record<string, string>, {
  getOwnPropertyDescriptor: (_t, name) => ({ value: `${MARK}${String(name)}${MARK}`, enumerable: true, configurable: true }),
  get: (_t, name) => `${MARK}${String(name)}${MARK}`,
});

/** Every string in a parsed YAML value. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : [];

/** Per service of `services`, the variables its `build` section (and `image:`) interpolates in the compose files given (path → content); services that use none are left out. */
export function buildVariables(files: Readonly<Record<string, string>>, services: readonly string[]): Record<string, string[]> {
  const found: Record<string, Set<string>> = {};
  for (const [path, content] of Object.entries(files)) {
    let parsed: Record<string, Record<string, unknown>>;
    try {
      parsed = parseComposeServices(path, content, marking, new Set(), undefined, []);
    } catch {
      continue; // the planner read these files already: what it refused never gets here
    }
    for (const name of services) {
      const def = parsed[name];
      const text = def ? strings([def.build, def.image]).join('\n') : '';
      for (const m of text.matchAll(MARKED)) (found[name] ??= new Set()).add(m[1]!);
    }
  }
  return Object.fromEntries(Object.entries(found).map(([name, vars]) => [name, [...vars].sort()]));
}

export interface RunnerBuildSite {
  compose: { directory: string; files: readonly string[] };
  shared: readonly string[];
}

/** Refuses a runner build of `services` (exported in `dir`) that would miss the host-only compose `.env` its build sections read. */
export function refuseHostOnlyDotEnv(dir: string, site: RunnerBuildSite, services: readonly string[]): void {
  const dotEnv = composeDotEnvPath(site.compose.directory);
  const kept = site.shared.some((e) => e === dotEnv || (e.endsWith('/') && dotEnv.startsWith(e)));
  if (!kept || existsSync(join(dir, dotEnv))) return;
  const files: Record<string, string> = {};
  for (const name of site.compose.files) {
    const path = posix.normalize(posix.join(site.compose.directory, name));
    if (existsSync(join(dir, path))) files[path] = readFileSync(join(dir, path), 'utf8');
  }
  const uses = Object.entries(buildVariables(files, services));
  if (uses.length === 0) return;
  const list = uses.map(([sv, vars]) => `${sv} (${vars.map((v) => `\${${v}}`).join(', ')})`).join(', ');
  throw new UserError(
    `build.on: runner: ${dotEnv} is kept on the hosts (shared), not in the commit, and the build of ${list} interpolates it: ` +
      `the runner would build without those values (empty, or their defaults). Commit the build-time values in ${dotEnv}, ` +
      'or build on the primary with build.on: host',
  );
}
