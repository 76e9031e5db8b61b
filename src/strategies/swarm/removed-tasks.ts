/**
 * Pure: the tasks of the services a stack deploy removes (`--prune`). `docker stack deploy` returns
 * once swarm has deleted the services, while each node still stops their containers (within their
 * `stop_grace_period`): a health.url pointed at a removed service would be answered by a container
 * being removed. The manager's task store covers every node: a task is done once swarm deleted it
 * or its node reported it ended.
 */
import { shellQuote } from '../../transport/quote.js';

/** sh: `<service> <task id>` for each task of each service that should run now (nothing for a service swarm does not hold). */
export function runningTasksScript(names: readonly string[]): string {
  const lines = names.map(
    (n) =>
      `docker service ps -q --no-trunc --filter desired-state=running ${shellQuote(n)} 2>/dev/null |` +
      ` while read -r id; do if [ -n "$id" ]; then printf '%s %s\\n' ${shellQuote(n)} "$id"; fi; done`,
  );
  return [...lines, 'true'].join('\n');
}

/** sh: `<task id> <state> <node id>` of each task, `<task id> gone -` for one swarm no longer holds. */
export function taskStatesScript(ids: readonly string[]): string {
  const format = shellQuote('{{.Status.State}} {{.NodeID}}');
  return [
    `for id in ${ids.map(shellQuote).join(' ')}; do`,
    `  s=$(docker inspect --type task --format ${format} "$id" 2>/dev/null) || s='gone -'`,
    `  printf '%s %s\\n' "$id" "$s"`,
    'done',
  ].join('\n');
}

/** One task of a removed service. */
export interface RemovedTask {
  service: string;
  id: string;
}

/** Parses runningTasksScript's output. */
export const parseRunningTasks = (out: string): RemovedTask[] =>
  out.split('\n').flatMap((l) => {
    const [service, id] = l.trim().split(' ');
    return service && id ? [{ service, id }] : [];
  });

/** The task states in which its container no longer runs (or swarm deleted the task: `gone`). */
const ENDED = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'gone']);

/** The tasks still running per taskStatesScript's output (a task it did not print counts as running), each with its state and node. */
export function stillRunning(tasks: readonly RemovedTask[], out: string): (RemovedTask & { state: string; node: string })[] {
  const seen = new Map(
    out.split('\n').flatMap((l) => {
      const [id, state, node] = l.trim().split(' ');
      return id && state ? [[id, { state, node: node ?? '-' }] as const] : [];
    }),
  );
  return tasks.flatMap((t) => {
    const s = seen.get(t.id) ?? { state: 'unknown', node: '-' };
    return ENDED.has(s.state) ? [] : [{ ...t, ...s }];
  });
}

/** How often the wait reads the removed services' task states (removal-wait.ts). */
export const TASK_POLL_MS = 1000;

/** The wait for the tasks of `names` (swarm names) as a dry-run line; none when nothing is removed. */
export function describeRemovalWait(names: readonly string[], timeoutMs: number): string[] {
  if (names.length === 0) return [];
  return [
    `then Verify waits until the tasks of ${names.join(', ')} (removed by --prune) have stopped on their nodes ` +
      `(their stop_grace_period; each task's state read every ${TASK_POLL_MS / 1000} s, up to ${Math.ceil(timeoutMs / 1000)} s), ` +
      'before it watches the changed services converge',
  ];
}
