/** Pure builders of docker compose argument arrays (v2 `docker compose` or v1 `docker-compose`). */
import { NAME_PATTERN } from '../core/text.js';
import { isComposeV1 } from './compose-naming.js';

export interface ComposeInvocation {
  /** ["docker", "compose"] or ["docker-compose"] */
  command: string[];
  /** the compose version found on the host (`version --short`), when it was probed */
  version?: string;
  project: string;
  /** absolute compose file paths on the host, in merge order */
  files: string[];
  /** absolute project directory (relative paths in the compose files resolve against it) */
  projectDir: string;
}

/** Service names reach argv: only the names the compose model accepts (compose/document.ts) pass. */
export function checkServices(services: readonly string[]): void {
  for (const s of services) if (!NAME_PATTERN.test(s)) throw new Error(`invalid service name ${JSON.stringify(s)}`);
}

/** `compose -p P --project-directory D -f a -f b` */
export function composeBase(c: ComposeInvocation): string[] {
  const files = c.files.flatMap((f) => ['-f', f]);
  return [...c.command, '-p', c.project, '--project-directory', c.projectDir, ...files];
}

/**
 * `build [--no-cache] services`. Compose v1's legacy builder leaves the container of a failed step
 * behind unless told `--force-rm` (v2 builds with BuildKit, which leaves none, and has no such flag).
 */
export function buildArgs(c: ComposeInvocation, services: string[], noCache: boolean): string[] {
  checkServices(services);
  const forceRm = isComposeV1(c.command) && !/^[2-9]/.test(c.version ?? '');
  return [...composeBase(c), 'build', ...(forceRm ? ['--force-rm'] : []), ...(noCache ? ['--no-cache'] : []), ...services];
}

export interface UpOptions {
  forceRecreate?: boolean;
  /** `--timeout N`: seconds between SIGTERM and SIGKILL of the replaced containers (v1 and v2) */
  timeoutSeconds?: number;
}

/** `--timeout N`: whole seconds (compose v1 and v2 refuse a fraction), rounded up. */
const timeoutOption = (seconds: number | undefined): string[] =>
  seconds === undefined ? [] : ['--timeout', String(Math.max(0, Math.ceil(seconds)))];

/** Recreates exactly these services (new image or new definition), leaving their dependencies alone. */
export function upArgs(c: ComposeInvocation, services: string[], opts: UpOptions = {}): string[] {
  checkServices(services);
  return [
    ...composeBase(c),
    'up',
    '-d',
    '--no-deps',
    '--no-build',
    ...(opts.forceRecreate ? ['--force-recreate'] : []),
    ...timeoutOption(opts.timeoutSeconds),
    ...services,
  ];
}

export function restartArgs(c: ComposeInvocation, services: string[], timeoutSeconds?: number): string[] {
  checkServices(services);
  return [...composeBase(c), 'restart', ...timeoutOption(timeoutSeconds), ...services];
}

/**
 * Services grouped by their stop grace (plan.stopGrace, seconds): `--timeout` applies to a whole
 * `up`/`restart` call, so services with different graces need separate calls. The group without
 * one (undefined: compose's default) first, then by seconds; names in their given order.
 */
export function groupByGrace(services: readonly string[], grace: Record<string, number> = {}): [number | undefined, string[]][] {
  const groups = new Map<number | undefined, string[]>();
  for (const s of services) {
    const seconds = grace[s];
    groups.set(seconds, [...(groups.get(seconds) ?? []), s]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a ?? -1) - (b ?? -1));
}

export function execArgs(c: ComposeInvocation, service: string, command: string): string[] {
  checkServices([service]);
  return [...composeBase(c), 'exec', '-T', service, 'sh', '-c', command];
}

/**
 * Container ids of one service of the project (running or not, one-off `run` containers excluded),
 * found by compose's labels: a plain `docker ps` instead of a compose invocation (compose v1 takes
 * about a second to start), and it also finds services no longer in the compose model.
 */
export function projectContainersArgs(project: string, service: string): string[] {
  checkServices([service]);
  return [
    'docker',
    'ps',
    '-aq',
    '--no-trunc',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
    '--filter',
    'label=com.docker.compose.oneoff=False',
  ];
}
