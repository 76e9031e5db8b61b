/** The tasks of the services a stack deploy removes: their listing and the reading of their states (removed-tasks.ts), on literals. */
import { describe, expect, it } from 'vitest';
import { parseRunningTasks, runningTasksScript, stillRunning, taskStatesScript } from '../../src/strategies/swarm/removed-tasks.js';

const TASKS = [
  { service: 'app_web', id: 't1' },
  { service: 'app_web', id: 't2' },
  { service: 'app_worker', id: 't3' },
];

describe('removed services: their tasks until they have stopped', () => {
  it('lists the running tasks of each named service, quoted', () => {
    const script = runningTasksScript(['app_web', "app_w'eb"]);
    expect(script).toContain('docker service ps -q --no-trunc --filter desired-state=running app_web 2>/dev/null');
    expect(script).toContain(`printf '%s %s\\n' 'app_w'\\''eb' "$id"`);
    expect(parseRunningTasks('app_web t1\napp_web t2\n\napp_worker t3\n')).toEqual(TASKS);
  });

  it('reads each task by id; one swarm deleted prints gone', () => {
    const script = taskStatesScript(['t1', 't2']);
    expect(script).toContain('for id in t1 t2; do');
    expect(script).toContain('docker inspect --type task --format \'{{.Status.State}} {{.NodeID}}\' "$id"');
    expect(script).toContain("|| s='gone -'");
  });

  it('a task still running (or not printed) is waited for; ended, shut down or gone ones are not', () => {
    const left = stillRunning(TASKS, 't1 shutdown n1\nt2 running n2\n');
    expect(left).toEqual([
      { service: 'app_web', id: 't2', state: 'running', node: 'n2' },
      { service: 'app_worker', id: 't3', state: 'unknown', node: '-' },
    ]);
    expect(stillRunning(TASKS, 't1 gone -\nt2 complete n2\nt3 failed n1\n')).toEqual([]);
    expect(stillRunning([], '')).toEqual([]);
  });
});
