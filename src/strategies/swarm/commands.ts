/** Pure builders of the docker commands a swarm deploy runs on the manager (argv, or sh lines). */
import { stringify } from 'yaml';
import { MOUNTED_MARK } from '../../sync/prune-releases.js';
import { shellJoin, shellQuote } from '../../transport/quote.js';

/** The file next to the compose files that pins each built service to its registry reference. */
export const IMAGES_FILE = '.gitops-deploy-images.yml';

export { serviceName } from '../../apply/swarm-names.js';

const auth = (withAuth: boolean): string[] => (withAuth ? ['--with-registry-auth'] : []);

/** `docker stack deploy -c <file>... [--prune] [--with-registry-auth] <stack>` (run in the compose directory). */
export function stackDeployArgs(files: readonly string[], stack: string, opts: { auth: boolean; prune: boolean }): string[] {
  return ['docker', 'stack', 'deploy', ...files.flatMap((f) => ['-c', f]), ...(opts.prune ? ['--prune'] : []), ...auth(opts.auth), stack];
}

/** A new image for one service; swarm's update_config rolls it out (detached: convergence is watched separately). */
export const serviceImageArgs = (name: string, image: string, withAuth: boolean): string[] => [
  'docker',
  'service',
  'update',
  '--detach',
  ...auth(withAuth),
  '--image',
  image,
  name,
];

/** A restart: the same spec, tasks replaced through update_config. */
export const serviceForceArgs = (name: string): string[] => ['docker', 'service', 'update', '--detach', '--force', name];

/** Swarm's own rollback of a service to its previous spec. */
export const serviceRollbackArgs = (name: string): string[] => ['docker', 'service', 'rollback', '--detach', name];

/** `<spec image> <replicas; global; or - in another mode> <UpdateStatus as JSON>` of one service. */
export const serviceStatusArgs = (name: string): string[] => [
  'docker',
  'service',
  'inspect',
  '--format',
  '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{else if .Spec.Mode.Global}}global{{else}}-{{end}} {{json .UpdateStatus}}',
  name,
];

/** The service's spec version: `docker service update` and `rollback` raise it as they are accepted (its UpdateStatus follows later). */
export const serviceVersionArgs = (name: string): string[] => ['docker', 'service', 'inspect', '--format', '{{.Version.Index}}', name];

/** One line per task that should run: `<image> <current state>|<swarm's error, quoted ("" when none), e.g. why it stays pending>`. */
export const serviceTasksArgs = (name: string): string[] => [
  'docker',
  'service',
  'ps',
  '--filter',
  'desired-state=running',
  '--no-trunc',
  '--format',
  '{{.Image}} {{.CurrentState}}|{{.Error}}',
  name,
];

/** `<name> <ID>` of each named secret swarm holds (a name it does not hold is left out, and the command exits non-zero). */
export const secretIdsArgs = (names: readonly string[]): string[] => [
  'docker',
  'secret',
  'inspect',
  '--format',
  '{{.Spec.Name}} {{.ID}}',
  ...names,
];

/** The compose override naming each built service's image (a stack deploy merges it last). */
export function imagesOverride(refs: Readonly<Record<string, string>>): string {
  const services = Object.fromEntries(
    Object.keys(refs)
      .sort()
      .map((sv) => [sv, { image: refs[sv] }]),
  );
  return stringify({ version: '3.8', services });
}

/** sh lines: into the compose directory, the images override written, then the stack deploy. */
export function stackDeployLines(
  dir: string,
  files: readonly string[],
  stack: string,
  refs: Readonly<Record<string, string>>,
  opts: { auth: boolean; prune: boolean },
): string[] {
  return [
    `cd ${shellQuote(dir)}`,
    `printf '%s' ${shellQuote(imagesOverride(refs))} > ${shellQuote(IMAGES_FILE)}`,
    shellJoin(stackDeployArgs([...files, IMAGES_FILE], stack, opts)),
  ];
}

/** `docker service logs` of one service: the last `tail` lines, optionally since a time (each line names its task and node). */
export function serviceLogsArgs(name: string, o: { tail: number; since?: string }): string[] {
  return [
    'docker',
    'service',
    'logs',
    '--no-trunc',
    '--tail',
    String(o.tail),
    ...(o.since !== undefined ? ['--since', o.since] : []),
    name,
  ];
}

/**
 * sh: a `@mounted <id>` line (prune-releases.ts) for each release directory below `releases` that a
 * service of the stack bind-mounts. A stack deploy resolved the sources into the release it ran
 * from, and image updates and restarts keep them there: that release's files are still in use
 * (a pruned one would leave the service's mounts empty, and its next task could not start). Prints
 * nothing when the stack cannot be read; always exits 0.
 */
export function mountedReleasesScript(stack: string, releases: string): string {
  const format = '{{range .Spec.TaskTemplate.ContainerSpec.Mounts}}{{println .Source}}{{end}}';
  const r = shellQuote(releases);
  return [
    `docker stack services -q ${shellQuote(stack)} 2>/dev/null | xargs -r docker service inspect --format ${shellQuote(format)} 2>/dev/null |`,
    `  while IFS= read -r src; do case "$src" in ${r}/?*) rest=\${src#${r}/}; printf '${MOUNTED_MARK}%s\\n' "\${rest%%/*}";; esac; done`,
    'true',
  ].join('\n');
}
