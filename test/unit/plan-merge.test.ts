/** mergePlans: one plan for hosts that start from different releases (a rollout over hosts that disagree). */
import { describe, expect, it } from 'vitest';
import { mergePlans } from '../../src/plan/merge.js';
import { CONFIG, composeModel, decision, NOTHING, planFor } from './plan-fixture.js';

const model = composeModel();

describe('mergePlans', () => {
  it('what either plan does, as one plan of all their files would (build > recreate > restart, tasks in config order)', () => {
    const [a, b] = [
      ['M nginx.conf', 'M app/static/site.css', 'M README.md'],
      ['M app/templates/home.html', 'M app/migrations/0002_x.py', 'M .env'],
    ];
    const merged = mergePlans([planFor(a), planFor(b)], CONFIG, [model, model, model]);
    const whole = planFor([...a, ...b]);
    expect(decision(merged)).toEqual(decision(whole));
    expect(decision(merged)).not.toEqual(decision(planFor(a)));
    expect(merged.tasks).toEqual(['migrate', 'collectstatic']);
    expect(merged.changedFiles).toEqual(whole.changedFiles);
    expect(merged.reasons).toEqual(whole.reasons);
    expect(merged.stopGrace).toEqual(whole.stopGrace);
  });

  it('a plan that does nothing (the oldest host already runs `to` for these files) keeps what the other needs', () => {
    const merged = mergePlans([planFor([]), planFor(['M app/templates/home.html'])], CONFIG, [model, model, model]);
    expect(decision(merged)).toEqual({ ...NOTHING, build: ['web'] });
    expect(merged.from).toBe('a'.repeat(40));
  });

  it('noCache follows its build; the same plan twice is that plan', () => {
    const plan = planFor(['M docker/Dockerfile']);
    expect(decision(mergePlans([plan, plan], CONFIG, [model, model, model]))).toEqual(decision(plan));
    expect(mergePlans([plan, plan], CONFIG, [model, model, model]).noCache).toEqual(plan.noCache);
  });
});
