/**
 * Pure: an update swarm cannot finish because it waits on a task of a down node. Swarm's updater
 * waits for each task it creates to start; one placed on a node whose link is then lost stays
 * `assigned` until the node comes back, and the update stays `updating` until then: for a global
 * service, and for a replicated one alike (swarm starts a replacement task on another node, but the
 * update still waits on the first). The convergence poll reads, in the round trip that lists the
 * service's tasks, the node list and the tasks of the nodes not Ready (serviceLookScript).
 */
import { shellJoin, shellQuote } from '../../transport/quote.js';
import { serviceTasksArgs } from './commands.js';
import { nodeListArgs, parseDownNodes, type DownNode } from './down-nodes.js';
import { updateOf } from './status.js';

const NODE = 'GD_NODE ';
const TASK = 'GD_TASK ';

/**
 * sh: the service's tasks that should run (serviceTasksArgs' lines), then `GD_NODE <node ls line>`
 * of each node, then `GD_TASK <node id> <created, JSON> <state>` of each task of the service on a
 * node not Ready.
 */
export function serviceLookScript(name: string): string {
  const format = shellQuote(`${TASK}{{.NodeID}} {{json .CreatedAt}} {{.Status.State}}`);
  return [
    shellJoin(serviceTasksArgs(name)),
    `gd_nodes=$(${shellJoin(nodeListArgs())} 2>/dev/null)`,
    `printf '%s\\n' "$gd_nodes" | sed 's/^/${NODE}/'`,
    `for gd_n in $(printf '%s\\n' "$gd_nodes" | awk '$2 != "Ready" { print $1 }'); do`,
    `  gd_ids=$(docker service ps -q --no-trunc --filter "node=$gd_n" ${shellQuote(name)} 2>/dev/null)`,
    `  if [ -n "$gd_ids" ]; then docker inspect --type task --format ${format} $gd_ids 2>/dev/null; fi`,
    'done',
    'true',
  ].join('\n');
}

/** A task of the service on a node not Ready. */
export interface NodeTask {
  node: string;
  /** when swarm created it (RFC 3339, the manager's clock) */
  created: string;
  /** swarm's task state, lower case (`assigned`, `running`, …) */
  state: string;
}

export interface ServiceLook {
  /** serviceTasksArgs' output */
  tasks: string;
  down: DownNode[];
  onDown: NodeTask[];
}

/** Parses serviceLookScript's output. */
export function parseServiceLook(out: string): ServiceLook {
  const lines = out.split('\n');
  const tagged = (tag: string): string[] => lines.flatMap((l) => (l.startsWith(tag) ? [l.slice(tag.length)] : []));
  const onDown = tagged(TASK).flatMap((l) => {
    const [node, created, state] = l.trim().split(/\s+/);
    return node && created && state ? [{ node, created: created.replace(/"/g, ''), state }] : [];
  });
  return {
    tasks: lines.filter((l) => !l.startsWith(NODE) && !l.startsWith(TASK)).join('\n'),
    down: parseDownNodes(tagged(NODE).join('\n')),
    onDown,
  };
}

/** The task states before `running`: swarm's updater waits on a task in one of them. */
const NOT_STARTED = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);

/**
 * The down nodes this run's update waits on: its UpdateStatus (`update`, not the `before` of the
 * run) is `updating`, and a task it created (not before the update started: an older update's task
 * left on the node does not count) is on a down node and has not started.
 */
export function stalledOn(update: string, before: string | undefined, look: ServiceLook): DownNode[] {
  const status = update !== before ? updateOf(update) : undefined;
  const started = Date.parse(status?.StartedAt ?? '');
  if (status?.State !== 'updating' || Number.isNaN(started)) return [];
  const waiting = new Set(look.onDown.filter((t) => NOT_STARTED.has(t.state) && Date.parse(t.created) >= started).map((t) => t.node));
  return look.down.filter((n) => waiting.has(n.id));
}
