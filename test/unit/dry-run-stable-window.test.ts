/** health.stable_for's window in the dry-run and rollback descriptions (it was left out). */
import { describe, expect, it } from 'vitest';
import type { ComposeInvocation } from '../../src/apply/compose-command.js';
import { describeStableWindow } from '../../src/apply/wait-started.js';
import { describeRollback } from '../../src/rollback/describe.js';
import { describeDryRun } from '../../src/strategies/compose/dry-run.js';
import { planOf } from './helpers/plans.js';

const v2: ComposeInvocation = { command: ['docker', 'compose'], project: 'p', files: ['/a/c.yml'], projectDir: '/a' };
const stable = { seconds: 3, timeoutSeconds: 59.2 };
const WINDOW = (services: string) =>
  `  (then one window over ${services}: each container without a healthcheck must run 3 s without exiting or a restart (health.stable_for), up to 60 s)`;

describe('the stable window in descriptions', () => {
  it('the line', () => {
    expect(describeStableWindow(['web', 'worker'], stable)).toBe(WINDOW('web, worker'));
  });

  it('a deploy: one window after the last up, over every service it starts (not the restarted ones)', () => {
    const plan = planOf({ build: ['web'], recreate: ['worker'], restart: ['nginx'], stopGrace: { worker: 120 } });
    const lines = describeDryRun(plan, v2, {}, 60, false, stable);
    expect(lines.filter((l) => l.includes('health.stable_for'))).toEqual([WINDOW('web, worker')]);
    expect(lines.indexOf(WINDOW('web, worker'))).toBe(lines.findIndex((l) => l.includes('restart nginx')) - 1);
    // without a window (stable_for "0s" or health.services false): no line
    expect(describeDryRun(plan, v2, {}, 60, false).some((l) => l.includes('health.stable_for'))).toBe(false);
  });

  it('split by a task: a window before the tasks, and the held part holds the first part again after them', () => {
    const plan = planOf({ build: ['web', 'beat'], restart: ['nginx'], tasks: ['collectstatic'], afterTasks: ['nginx'] });
    const tasks = { collectstatic: { service: 'web', command: 'echo', before: ['nginx'] } };
    const lines = describeDryRun(plan, v2, tasks as never, undefined, false, stable);
    expect(lines.filter((l) => l.includes('health.stable_for'))).toEqual([WINDOW('beat, web'), WINDOW('beat, web')]);
  });

  it('tasks with no held part: the Verify holds the window before them again, after the tasks (a rollback says it too)', () => {
    const plan = planOf({ build: ['web', 'beat'], tasks: ['collectstatic'] });
    const tasks = { collectstatic: { service: 'web', command: 'echo' } };
    const RECHECK =
      '  (then the Verify holds beat, web again: a container Docker restarted since its window, or since a wait saw it healthy, while the tasks ran, fails it)';
    const lines = describeDryRun(plan, v2, tasks as never, 60, false, stable);
    expect(lines.at(-1)).toBe(RECHECK);
    expect(lines.at(-2)).toMatch(/ exec -T web sh -c echo$/);
    const r = { current: { id: 'b'.repeat(40) }, to: { id: 'a'.repeat(40), images: {} }, planned: { plan }, inv: v2, releases: true };
    expect(describeRollback(r as never, false, 60, false, stable)).toContain(RECHECK);
    // no window, or no tasks: no line
    expect(describeDryRun(plan, v2, tasks as never, 60, false).some((l) => l.includes('Verify holds'))).toBe(false);
    expect(describeDryRun(planOf({ build: ['web'] }), v2, {}, 60, false, stable).some((l) => l.includes('Verify holds'))).toBe(false);
  });

  it('a rollback says it too', () => {
    const plan = planOf({ build: ['web'] });
    const r = { current: { id: 'b'.repeat(40) }, to: { id: 'a'.repeat(40), images: {} }, planned: { plan }, inv: v2, releases: true };
    const lines = describeRollback(r as never, false, 60, false, stable);
    expect(lines).toContain(WINDOW('web'));
  });
});
