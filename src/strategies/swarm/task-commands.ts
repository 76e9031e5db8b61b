/**
 * Pure builders and readers of a task run on the swarm: a one-off `replicated-job` service from the
 * new release's image of the task's service, with that service's networks, mounts, placement and
 * environment (the environment goes in an env file written through stdin, never in argv).
 */
import { UserError } from '../../core/errors.js';
import { shellQuote } from '../../transport/quote.js';

/** What a task's job takes from its service's spec (`docker service inspect --format '{{json .Spec}}'`). */
export interface JobSpec {
  env: string[];
  networks: string[];
  mounts: string[];
  constraints: string[];
  workdir?: string;
  user?: string;
}

/** The job service's name: `<stack>_task_<name>_<sha8>`. */
export const jobName = (stack: string, task: string, sha: string): string => `${stack}_task_${task}_${sha.slice(0, 8)}`;

/** The spec of a service as JSON. */
export const serviceSpecArgs = (name: string): string[] => ['docker', 'service', 'inspect', '--format', '{{json .Spec}}', name];

interface SpecJson {
  TaskTemplate?: {
    ContainerSpec?: { Env?: string[]; Mounts?: MountJson[]; Dir?: string; User?: string };
    Networks?: { Target: string }[];
    Placement?: { Constraints?: string[] };
  };
  /** the deprecated place of the networks (old stack deploys) */
  Networks?: { Target: string }[];
}
interface MountJson {
  Type?: string;
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
}

/** A `--mount` value (CSV: a field holding `,` or `"` is quoted). */
function mountValue(m: MountJson): string {
  const csv = (f: string): string => (/[,"]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  const fields = [`type=${m.Type ?? 'volume'}`, ...(m.Source ? [`source=${m.Source}`] : []), `target=${m.Target}`];
  return [...fields, ...(m.ReadOnly ? ['readonly'] : [])].map(csv).join(',');
}

/** Where a task's files are: the deploy path (`root`) and the new release's directory in it. */
export interface TaskRelease {
  root: string;
  dir: string;
}

/**
 * A bind source inside a release directory of `r.root` (`<root>/releases/<id>[/…]`, which a stack
 * deploy run there made absolute) or under `<root>/current`, moved into the new release (`r.dir`).
 * The service runs the live release, whose files a task must not change (before the switch, the
 * live site; after a failed run, what the undo goes back to): the task writes the new release's.
 */
export function newReleaseSource(source: string, r: TaskRelease): string {
  const root = r.root.replace(/\/+$/, '');
  const within = (prefix: string): boolean => source === prefix || source.startsWith(`${prefix}/`);
  if (within(`${root}/current`)) return r.dir + source.slice(`${root}/current`.length);
  if (!source.startsWith(`${root}/releases/`)) return source;
  const id = source.slice(`${root}/releases/`.length).split('/')[0]!;
  return id === '' || id === '.' || id === '..' ? source : r.dir + source.slice(`${root}/releases/${id}`.length);
}

/** Reads `serviceSpecArgs` output; with `release`, bind sources in a release are the new release's (newReleaseSource). */
export function parseJobSpec(out: string, release?: TaskRelease): JobSpec {
  const spec = JSON.parse(out) as SpecJson;
  const t = spec.TaskTemplate ?? {};
  const c = t.ContainerSpec ?? {};
  const moved = (m: MountJson): MountJson =>
    release && m.Type === 'bind' && m.Source ? { ...m, Source: newReleaseSource(m.Source, release) } : m;
  return {
    env: c.Env ?? [],
    networks: (t.Networks ?? spec.Networks ?? []).map((n) => n.Target),
    mounts: (c.Mounts ?? []).map((m) => mountValue(moved(m))),
    constraints: t.Placement?.Constraints ?? [],
    ...(c.Dir ? { workdir: c.Dir } : {}),
    ...(c.User ? { user: c.User } : {}),
  };
}

/** The env file's text (`KEY=value` lines); a value with a line break cannot be put in one, and is refused. */
export function envFileText(env: readonly string[], task: string): string {
  const bad = env.filter((e) => /[\r\n]/.test(e)).map((e) => e.split('=')[0]);
  if (bad.length > 0) throw new UserError(`task ${task}: environment ${bad.join(', ')} holds a line break, which an env file cannot carry`);
  return env.map((e) => `${e}\n`).join('');
}

/** sh: a private temp dir with the env file read from stdin (mode 0600); prints the file's path. */
export const envFileScript = (): string => 'umask 077\nd=$(mktemp -d)\ncat > "$d/task.env"\nprintf \'%s\' "$d/task.env"\n';

/** sh: the env file's temp dir removed (`file` as envFileScript printed it). */
export const removeEnvFileScript = (file: string): string => `rm -rf ${shellQuote(file.replace(/\/task\.env$/, ''))}`;

/** `docker service create` of the job: runs `command` once through `sh -c`, never restarted, detached. */
export function jobCreateArgs(
  name: string,
  image: string,
  command: string,
  spec: JobSpec,
  opts: { envFile: string; auth: boolean },
): string[] {
  return [
    'docker',
    'service',
    'create',
    '--detach',
    '--quiet',
    '--mode',
    'replicated-job',
    '--restart-condition',
    'none',
    '--name',
    name,
    '--label',
    'gitops-deploy.task=1',
    '--env-file',
    opts.envFile,
    ...spec.networks.flatMap((n) => ['--network', n]),
    ...spec.mounts.flatMap((m) => ['--mount', m]),
    ...spec.constraints.flatMap((c) => ['--constraint', c]),
    ...(spec.workdir ? ['--workdir', spec.workdir] : []),
    ...(spec.user ? ['--user', spec.user] : []),
    ...(opts.auth ? ['--with-registry-auth'] : []),
    image,
    'sh',
    '-c',
    command,
  ];
}

/** `<state> <error>` of the job's task(s), one a line. */
export const jobStateArgs = (name: string): string[] => [
  'docker',
  'service',
  'ps',
  '--no-trunc',
  '--format',
  '{{.CurrentState}}|{{.Error}}',
  name,
];

export const jobLogsArgs = (name: string): string[] => ['docker', 'service', 'logs', '--raw', '--no-trunc', name];
export const jobRemoveArgs = (name: string): string[] => ['docker', 'service', 'rm', name];

export type JobState = { state: 'running'; why: string } | { state: 'complete' } | { state: 'failed'; why: string };

const ENDED_BADLY = new Set(['Failed', 'Rejected', 'Shutdown', 'Orphaned', 'Remove']);

/** Reads `jobStateArgs` output: the job's single task Complete, Failed (with swarm's error), or still on its way. */
export function judgeJob(out: string): JobState {
  const line = out.split('\n').find((l) => l.trim() !== '');
  if (!line) return { state: 'running', why: 'no task scheduled yet' };
  const [current = '', error = ''] = line.split('|');
  const state = current.trim().split(/\s+/)[0] ?? '';
  if (state === 'Complete') return { state: 'complete' };
  if (state === 'Failed' && error.trim()) return { state: 'failed', why: error.trim() };
  if (ENDED_BADLY.has(state)) return { state: 'failed', why: `${state.toLowerCase()}${error.trim() ? `: ${error.trim()}` : ''}` };
  return { state: 'running', why: current.trim() };
}
