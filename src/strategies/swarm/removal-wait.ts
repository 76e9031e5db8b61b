/** Runner: the tasks of the services a stack deploy removes, noted before it, and the wait until each has stopped on its node. */
import type { Executor } from '../../transport/types.js';
import { parseRunningTasks, runningTasksScript, stillRunning, taskStatesScript, TASK_POLL_MS, type RemovedTask } from './removed-tasks.js';

/** The running tasks of `names` (swarm names), read before the stack deploy removes the services. */
export async function tasksOf(exec: Executor, names: readonly string[]): Promise<RemovedTask[]> {
  if (names.length === 0) return [];
  return parseRunningTasks((await exec.sh(runningTasksScript(names))).stdout);
}

/** Polls every `intervalMs` until every task has ended (or is gone), else fails at the timeout naming those still running. */
export async function waitTasksEnded(
  exec: Executor,
  tasks: readonly RemovedTask[],
  timeoutMs: number,
  intervalMs = TASK_POLL_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (tasks.length === 0) return;
    const left = stillRunning(tasks, (await exec.sh(taskStatesScript(tasks.map((t) => t.id)))).stdout);
    if (left.length === 0) return;
    if (Date.now() > deadline) {
      const each = left.map((t) => `${t.service} (task ${t.id.slice(0, 12)} ${t.state} on node ${t.node.slice(0, 12)})`).join('; ');
      throw new Error(
        `the removed services' containers did not stop within ${Math.round(timeoutMs / 1000)} s: ${each}. ` +
          'Swarm stops them within their stop_grace_period; until then they may still answer health.url',
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
