import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';

/** One container of a compose project, as `docker inspect` reports it. */
export interface ContainerInfo {
  id: string;
  service: string;
  /** its name (docker ps), when listed */
  name?: string;
  /** the image reference compose used (e.g. app_web) */
  image: string;
  /** the immutable image id (sha256:...) */
  imageId: string;
  status: string;
  /** healthy | unhealthy | starting | none (no healthcheck) */
  health: string;
  /** how many times Docker restarted it (its restart policy, after it exited) */
  restarts: number;
  /** its last exit code (0 while it never exited) */
  exitCode?: number;
  /** its restart policy's name, `-` for none */
  restartPolicy?: string;
}

// The service label comes from `docker ps`; `docker inspect` of several containers may template
// against raw maps, where `.State.Health` of a container without a healthcheck is an error
// ("map has no entry for key"): the state is printed as JSON and read here instead.
const PS_FORMAT = 'ps {{.ID}} {{.Label "com.docker.compose.service"}} {{.Names}}';
const INSPECT_FORMAT =
  'inspect {{.Id}} {{.Config.Image}} {{.Image}} {{.RestartCount}} {{with .HostConfig.RestartPolicy.Name}}{{.}}{{else}}-{{end}} {{json .State}}';

/** One round trip: list the project's containers by compose labels (one-off runs excluded), inspect them all. */
export function projectInspectScript(project: string): string {
  const filters = [`label=com.docker.compose.project=${project}`, 'label=com.docker.compose.oneoff=False']
    .map((f) => `--filter ${q(f)}`)
    .join(' ');
  return [
    `ps=$(docker ps -a --no-trunc ${filters} --format ${q(PS_FORMAT)}) || exit 1`,
    'printf \'%s\\n\' "$ps"',
    `ids=$(printf '%s\\n' "$ps" | cut -d ' ' -f 2)`,
    `[ -z "$ids" ] || docker inspect --format ${q(INSPECT_FORMAT)} $ids`,
  ].join('\n');
}

interface StateJson {
  Status?: string;
  ExitCode?: number;
  Health?: { Status?: string };
}

export function parseInspect(stdout: string): ContainerInfo[] {
  const services = new Map<string, string>();
  const names = new Map<string, string>();
  const infos: ContainerInfo[] = [];
  for (const line of stdout.split('\n')) {
    const [kind, id = '', ...rest] = line.trim().split(' ');
    if (kind === 'ps') services.set(id, rest[0] ?? '');
    if (kind === 'ps' && rest[1]) names.set(id, rest[1]);
    if (kind === 'inspect') {
      const [image = '', imageId = '', restarts = '0', restartPolicy = '-', ...json] = rest;
      const state = JSON.parse(json.join(' ') || '{}') as StateJson;
      const health = state.Health?.Status ?? 'none';
      const status = state.Status ?? '';
      infos.push({
        id,
        service: '',
        image,
        imageId,
        status,
        health,
        restarts: Number(restarts) || 0,
        exitCode: state.ExitCode,
        restartPolicy,
      });
    }
  }
  return infos.map((c) => ({ ...c, service: services.get(c.id) ?? '', ...(names.has(c.id) ? { name: names.get(c.id) } : {}) }));
}

export async function projectContainers(exec: Executor, project: string): Promise<ContainerInfo[]> {
  return parseInspect((await exec.sh(projectInspectScript(project))).stdout);
}
