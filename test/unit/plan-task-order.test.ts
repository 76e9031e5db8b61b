/**
 * Issue #9, the static case: collectstatic runs (in web, once web is up) and THEN nginx restarts.
 * A task's `before: [nginx]` holds nginx's restart until after the tasks: in the plan
 * (afterTasks, and its table), the dry run and the commands a deploy runs.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkConfigAgainstCompose } from '../../src/plan/planner.js';
import { formatPlanTable } from '../../src/plan/format.js';
import { splitAroundTasks } from '../../src/plan/task-order.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { describeDryRun } from '../../src/strategies/compose/dry-run.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import { composeRollback } from '../../src/rollback/compose.js';
import { A, B, composeCase, release, rollbackCase, runCase, stateOf } from './helpers/pipeline-runs.js';
import { planOf } from './helpers/plans.js';
import { CONFIG, composeModel, planFor } from './plan-fixture.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const withBefore = (before: string[]): PlannerConfig => ({
  ...CONFIG,
  tasks: { ...CONFIG.tasks, collectstatic: { ...CONFIG.tasks.collectstatic!, before } },
});
const STATIC = ['M observations/static/css/app.css'];

describe('planDeploy: services held until the tasks have run', () => {
  it.each<[string, string[], PlannerConfig, string[] | undefined]>([
    ['static change, collectstatic before nginx → nginx after the tasks', STATIC, withBefore(['nginx']), ['nginx']],
    ['no `before` → nothing held (the old order)', STATIC, CONFIG, undefined],
    ['the task does not run → nothing held', ['M docker/nginx/nginx.conf'], withBefore(['nginx']), undefined],
    ['a held service the plan does not touch → nothing held', STATIC, withBefore(['db']), undefined],
  ])('%s', (_name, changes, config, afterTasks) => {
    const plan = planFor(changes, { config });
    expect(plan.afterTasks).toEqual(afterTasks);
    expect(plan.restart).toEqual(['nginx']);
  });

  it('the plan table shows the order', () => {
    const text = formatPlanTable(planFor(STATIC, { config: withBefore(['nginx']) }));
    expect(text).toContain("Order: the other services, then tasks collectstatic, then nginx (held by a task's `before`)");
  });

  it('config check: an unknown service, or the task’s own service, in `before` is an error', () => {
    expect(checkConfigAgainstCompose(withBefore(['nginx']), composeModel())).toEqual([]);
    expect(checkConfigAgainstCompose(withBefore(['ngnix', 'web']), composeModel())).toEqual([
      'tasks.collectstatic.before: unknown service "ngnix" (services: celery_beat, celery_worker, db, flower, nginx, redis, web)',
      'tasks.collectstatic.before: "web" is the task\'s own service, which must be up for the task to run in it',
    ]);
  });
});

describe('splitAroundTasks', () => {
  it('held services go after the tasks; removals and the rest before; builds are not split', () => {
    const plan = planOf({
      build: ['web'],
      recreate: ['nginx', 'worker'],
      restart: ['proxy'],
      remove: ['old'],
      startFirst: ['web'],
      tasks: ['collectstatic'],
      afterTasks: ['nginx', 'proxy'],
    });
    const { before, after } = splitAroundTasks(plan);
    expect([before.build, before.recreate, before.restart, before.remove, before.startFirst]).toEqual([
      ['web'],
      ['worker'],
      [],
      ['old'],
      ['web'],
    ]);
    expect([after.build, after.recreate, after.restart, after.remove, after.startFirst]).toEqual([[], ['nginx'], ['proxy'], [], []]);
  });
});

describe('apply order', () => {
  const images = { web: { name: 'app_web', id: 'sha256:old-web' } };
  /** the up, exec and restart round trips (a deploy's switch of `current` rides in front of its first one) */
  const roundTrips = (log: string[]): string[] =>
    log.map((k) => k.replace(/^switch \w \+ /, '')).filter((k) => /^(up|exec|restart-service) /.test(k));

  it.each([
    [
      'held: up web, task, then restart worker',
      ['worker'],
      ['up web + wait web', 'exec web', 'restart-service worker'],
      ['Apply after the tasks (worker)'],
    ],
    ['not held: up web, restart worker, then the task', undefined, ['up web', 'restart-service worker', 'exec web'], []],
  ])('%s', async (_name, afterTasks, order, held) => {
    const c = composeCase(stateOf(release(A, { images })), { recreate: [], restart: ['worker'], ...(afterTasks ? { afterTasks } : {}) });
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    expect(roundTrips(d.exec.log)).toEqual(order);
    expect(d.phases).toEqual(['Upload', 'Build', 'Apply', 'Tasks', ...held, 'Verify', 'Record']);
  });

  it('a host that runs no tasks (not the primary of a rolling deploy) still restarts the held service', async () => {
    const c = composeCase(stateOf(release(A, { images })), { recreate: [], restart: ['worker'], afterTasks: ['worker'] });
    const d = await runCase(composeStrategy, c, { tasks: false });
    expect(d.error).toBeUndefined();
    expect(roundTrips(d.exec.log)).toEqual(['up web + wait web', 'restart-service worker']);
    expect(d.phases).toEqual(['Upload', 'Build', 'Apply', 'Apply after the tasks (worker)', 'Verify', 'Record']);
  });

  it.each([
    [
      'held: web back on its image, the task, then worker',
      ['worker'],
      // the held part's window holds web again (it ran the task): a crash during the task fails it
      ['up web + wait web', 'exec web', 'up worker + wait web worker'],
      ['Apply after the tasks (worker)'],
    ],
    ['not held: web and worker, then the task', undefined, ['up web + wait web', 'up worker + wait web worker', 'exec web'], []],
  ])('a rollback applies the same order (%s)', async (_name, afterTasks, order, held) => {
    const state = stateOf(release(B, { previous: A, images: { web: { name: 'app_web', id: 'sha256:b-web' } } }), release(A, { images }));
    const c = rollbackCase(composeCase, state, afterTasks ? { afterTasks } : {});
    const d = await runCase(composeRollback, c);
    expect(d.error).toBeUndefined();
    expect(roundTrips(d.exec.log)).toEqual(order);
    expect(d.phases).toEqual(['Images', 'Apply', ...held, 'Verify', 'Record']);
  });

  it('the dry run lists the held restart after the task', () => {
    const inv = { command: ['docker', 'compose'], project: 'app', files: ['/srv/app/docker-compose.yml'], projectDir: '/srv/app' };
    const tasks = { collectstatic: { service: 'web', command: 'collectstatic' } };
    const lines = describeDryRun(
      planOf({ build: ['web'], restart: ['nginx'], tasks: ['collectstatic'], afterTasks: ['nginx'] }),
      inv,
      tasks,
    );
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at(' up -d ')).toBeGreaterThan(0);
    expect(at(' up -d ')).toBeLessThan(at(' exec -T web'));
    expect(at(' exec -T web')).toBeLessThan(at(' restart nginx'));
  });
});
