/**
 * Pure builders and readers of the backup through a swarm stack service (`backup.service` on a swarm
 * target): the manager finds the service's running task (its node and container), the dump runs
 * with `docker exec` in that container over SSH to that node, staged there in a private directory.
 */
import { UserError } from '../core/errors.js';
import { configHost, splitHostPort } from '../config/ssh-address.js';
import type { HostAddress } from '../config/hosts.js';
import { shellQuote } from '../transport/quote.js';
import type { ProbeResult } from './probe.js';

/** Where the running task of the database's service is. */
export interface DbTask {
  /** the service's swarm name, <stack>_<service> */
  service: string;
  task: string;
  /** node ID and hostname (`docker node ls`), and the address it advertises to the swarm */
  node: string;
  hostname: string;
  addr: string;
  container: string;
  /** the task runs on the manager the session is connected to */
  onManager: boolean;
}

export type TaskLocation = ({ state: 'present' } & DbTask) | Exclude<ProbeResult, { state: 'present' }>;

/**
 * sh run on the manager: `GD_TASK <task> <node id> <container> <manager's node id> <node addr> <hostname>`
 * of the first Running task of `service`, then `GD_DB present`; `GD_DB absent|unknown <reason>` else
 * (absent: the service does not exist, e.g. before the first deploy).
 */
export function locateTaskScript(service: string): string {
  const sv = shellQuote(service);
  const no = (what: string): string => shellQuote(`${what} (swarm service ${service})`);
  return `set -u
gd_verdict() { printf 'GD_DB %s\\n' "$*"; exit 0; }
gd_ls=$(docker service ls --filter name=${sv} --format '{{.Name}}') || gd_verdict unknown ${no('docker service ls failed on the manager')}
printf '%s\\n' "$gd_ls" | grep -Fqx -e ${sv} || gd_verdict absent ${shellQuote(`swarm service ${service} does not exist`)}
gd_ps=$(docker service ps --no-trunc --filter desired-state=running --format '{{.ID}} {{.CurrentState}}' ${sv}) || gd_verdict unknown ${no('docker service ps failed')}
gd_task=$(printf '%s\\n' "$gd_ps" | while read -r gd_i gd_s gd_rest; do if [ "$gd_s" = Running ]; then echo "$gd_i"; break; fi; done)
[ -n "$gd_task" ] || gd_verdict unknown ${no('no running task: start it so that its database can be backed up')}
gd_at=$(docker inspect --format '{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}' "$gd_task") || gd_verdict unknown ${no('docker inspect of its task failed')}
gd_node=\${gd_at%% *}
gd_host=$(docker node inspect --format '{{.Status.Addr}} {{.Description.Hostname}}' "$gd_node") || gd_verdict unknown ${no('docker node inspect failed')}
gd_self=$(docker info --format '{{.Swarm.NodeID}}') || gd_verdict unknown ${no('docker info failed on the manager')}
printf 'GD_TASK %s %s %s %s %s\\n' "$gd_task" "$gd_node" "\${gd_at#* }" "$gd_self" "$gd_host"
gd_verdict present`;
}

const ID = '[0-9a-z]{10,64}';
const TASK_LINE = new RegExp(`^GD_TASK (${ID}) (${ID}) ([0-9a-f]{12,64}) (${ID}) (\\S+) (\\S+)$`, 'm');

/** Reads `locateTaskScript` output (`fallback`: the reason when it printed no verdict). */
export function parseTaskLocation(service: string, stdout: string, fallback: string): TaskLocation {
  const verdict = /^GD_DB (present|absent|unknown) ?(.*)$/m.exec(stdout);
  if (!verdict) return { state: 'unknown', reason: fallback };
  if (verdict[1] !== 'present') return { state: verdict[1] as 'absent' | 'unknown', reason: verdict[2] ?? '' };
  const m = TASK_LINE.exec(stdout);
  if (!m) return { state: 'unknown', reason: `the task of swarm service ${service} has no container yet` };
  const [, task, node, container, self, addr, hostname] = m as unknown as string[];
  return {
    state: 'present',
    service,
    task: task!,
    node: node!,
    container: container!,
    addr: addr!,
    hostname: hostname!,
    onManager: node === self,
  };
}

/** The SSH address of the task's node: `nodes` by node ID, else by hostname (port: `port` unless given). */
export function nodeAddress(nodes: Readonly<Record<string, string>>, t: DbTask, port: number, target: string): HostAddress {
  const entry = nodes[t.node] ?? nodes[t.hostname];
  if (entry) return splitHostPort(entry, port);
  // brackets (and, in the flow mapping, quotes) for a node that advertises an IPv6 address
  const suggested = configHost('deploy', t.addr);
  const value = suggested.includes('[') ? JSON.stringify(suggested) : suggested;
  throw new UserError(
    `the database task of ${t.service} runs on node ${t.hostname} (${t.node}, address ${t.addr}), not on the manager, and targets.${target}.nodes has no SSH address for it: add one, e.g. nodes: {${t.hostname}: ${value}} (or pin the database service to the manager with a placement constraint)`,
  );
}

/** sh on the node: a private staging directory (mode 0700) for the dump; prints its path. */
export const stagingDirScript = (): string => 'umask 077\nmktemp -d "${TMPDIR:-/var/tmp}/gitops-backup.XXXXXX"';

/** sh on the node: the staging directory removed (`dir` as stagingDirScript printed it). */
export function removeStagingScript(dir: string): string {
  if (!/^\/[^\n\0]*\/gitops-backup\.[A-Za-z0-9]+$/.test(dir)) throw new Error(`not a staging directory: ${JSON.stringify(dir)}`);
  return `rm -rf -- ${shellQuote(dir)}`;
}
