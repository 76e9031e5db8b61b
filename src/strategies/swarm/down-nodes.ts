/**
 * Pure: the swarm nodes that are not up (`docker node ls`: Down, Unknown, Disconnected) while their
 * availability still asks for tasks (active/pause). Swarm cannot update a task on such a node: a
 * global service's update waits on it, or passes it by when the node was already down, and the
 * node runs the service's current spec once it comes back.
 */

export interface DownNode {
  id: string;
  status: string;
  hostname: string;
}

/** `<ID> <Status> <Availability> <Hostname>` of each node. */
export const nodeListArgs = (): string[] => ['docker', 'node', 'ls', '--format', '{{.ID}} {{.Status}} {{.Availability}} {{.Hostname}}'];

/** Parses `nodeListArgs` output: the nodes not Ready and not drained. */
export function parseDownNodes(out: string): DownNode[] {
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([id, status, availability]) => !!id && !!status && status !== 'Ready' && availability !== 'Drain')
    .map(([id, status, , hostname]) => ({ id: id!, status: status!, hostname: hostname ?? '' }));
}

const named = (n: DownNode): string => `node ${n.id.slice(0, 12)}${n.hostname ? ` (${n.hostname})` : ''} is ${n.status.toLowerCase()}`;

/** What a convergence watch that timed out adds: the down nodes it may be waiting for, and how to deploy without them. */
export function downNodesCause(nodes: readonly DownNode[]): string {
  if (nodes.length === 0) return '';
  const drain = nodes.map((n) => `docker node update --availability drain ${n.id.slice(0, 12)}`).join('; ');
  return `${nodes.map(named).join('; ')}: swarm cannot update a task there until it comes back (to deploy without it: ${drain})`;
}

/** The warning of a run that converged with global services while nodes are down: their tasks there still run the old spec. */
export function downNodesWarning(nodes: readonly DownNode[], globals: readonly string[]): string {
  if (nodes.length === 0 || globals.length === 0) return '';
  const what = globals.length === 1 ? `${globals[0]} (mode: global) is` : `${globals.join(', ')} (mode: global) are`;
  return `${nodes.map(named).join('; ')}: ${what} not updated there; swarm starts the new release's task on it when it comes back`;
}
