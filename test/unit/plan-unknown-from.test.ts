import { describe, expect, it } from 'vitest';
import { APP_SERVICES, decision, NOTHING, planFor } from './plan-fixture.js';

describe('planDeploy: unknown from', () => {
  it('builds every buildable service and recreates every other one, saying why', () => {
    const plan = planFor([], { from: null, composeFrom: null, fromUnknownReason: 'first deploy to prod' });
    expect(decision(plan)).toEqual({ ...NOTHING, build: APP_SERVICES, recreate: ['db', 'nginx', 'redis'] });
    expect(plan.from).toBeNull();
    expect(plan.reasons).toContainEqual({
      service: 'db',
      action: 'recreate',
      rule: 'unknown-from',
      files: [],
      detail: 'previous revision unknown: first deploy to prod',
    });
  });

  it('tasks come only from the given changes', () => {
    expect(planFor([], { from: null, composeFrom: null }).tasks).toEqual([]);
    expect(planFor(['A a/migrations/0001.py'], { from: null, composeFrom: null }).tasks).toEqual(['migrate']);
  });
});
