import { describe, expect, it } from 'vitest';
import { firstDeployTasks } from '../../src/plan/planner.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { APP_SERVICES, CONFIG, decision, NOTHING, planFor } from './plan-fixture.js';

const first = { from: null, composeFrom: null, fromUnknownReason: 'nothing is deployed on prod yet' };

describe('planDeploy: unknown from (a first deploy)', () => {
  it('builds every buildable service, recreates every other one and runs every task, saying why', () => {
    const plan = planFor([], first);
    expect(decision(plan)).toEqual({
      ...NOTHING,
      build: APP_SERVICES,
      recreate: ['db', 'nginx', 'redis'],
      tasks: ['migrate', 'collectstatic'],
    });
    expect(plan.from).toBeNull();
    expect(plan.fromUnknownReason).toBe('nothing is deployed on prod yet');
    expect(plan.reasons).toContainEqual({
      service: 'db',
      action: 'recreate',
      rule: 'unknown-from',
      files: [],
      detail: 'previous revision unknown: nothing is deployed on prod yet',
    });
    expect(plan.reasons).toContainEqual({
      task: 'migrate',
      action: 'task',
      rule: 'unknown-from',
      files: [],
      detail: 'first deploy: every task of a deployed service runs',
    });
  });

  it('a known from says nothing about it', () => {
    expect(planFor(['M app/views.py'])).not.toHaveProperty('fromUnknownReason');
  });

  it('tasks from changes keep their own reasons too', () => {
    const plan = planFor(['A a/migrations/0001.py'], first);
    expect(plan.tasks).toEqual(['migrate', 'collectstatic']);
    expect(plan.reasons.filter((r) => r.task === 'migrate').map((r) => r.rule)).toEqual(['task-paths', 'unknown-from']);
  });

  it('first_deploy: false keeps a task off the first deploy (but not off later ones)', () => {
    const config: PlannerConfig = {
      ...CONFIG,
      tasks: { ...CONFIG.tasks, collectstatic: { ...CONFIG.tasks.collectstatic!, first_deploy: false } },
    };
    expect(planFor([], { ...first, config }).tasks).toEqual(['migrate']);
    expect(planFor(['M app/static/app.css'], { config }).tasks).toEqual(['collectstatic']);
  });
});

describe('firstDeployTasks', () => {
  const deployed = new Set(['web', 'db']);
  it.each<[string, PlannerConfig['tasks'], string[]]>([
    ['task of a deployed service', { migrate: { service: 'web', command: 'm' } }, ['migrate']],
    ['task of a service not deployed', { flush: { service: 'worker', command: 'f' } }, []],
    ['first_deploy: true runs anyway', { flush: { service: 'worker', command: 'f', first_deploy: true } }, ['flush']],
    ['first_deploy: false never', { migrate: { service: 'web', command: 'm', first_deploy: false } }, []],
    ['no service (passenger): runs', { migrate: { command: 'm' } }, ['migrate']],
    ['no service, first_deploy: false', { migrate: { command: 'm', first_deploy: false } }, []],
    [
      'declaration order kept',
      { b: { service: 'web', command: 'b' }, skip: { service: 'web', command: 's', first_deploy: false }, a: { command: 'a' } },
      ['b', 'a'],
    ],
  ])('%s', (_name, tasks, expected) => {
    expect(firstDeployTasks(tasks, deployed)).toEqual(expected);
  });
});
