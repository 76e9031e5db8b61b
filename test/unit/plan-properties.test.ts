import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDeploy } from '../../src/plan/planner.js';
import type { ChangedFile, Plan } from '../../src/plan/types.js';
import { COMPOSE_YML, composeModel, planInput } from './plan-fixture.js';

const SEGMENTS = [
  'observations',
  'templates',
  'static',
  'migrations',
  'docs',
  'media',
  'logs',
  'docker',
  'nginx',
  'scripts',
  'a b',
  '.github',
];
const NAMES = [
  'views.py',
  'list.html',
  'app.css',
  '0002_x.py',
  'README.md',
  'nginx.conf',
  'Dockerfile',
  '.env',
  'x.sh',
  'requirements.txt',
  'img.png',
];
const SPECIAL = ['.env', 'docker/Dockerfile', 'docker/docker-compose.yml', 'docker/nginx/nginx.conf', 'media/a.jpg', 'requirements.txt'];

const pathArb = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc
    .tuple(fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 }), fc.constantFrom(...NAMES))
    .map(([dirs, name]) => [...dirs, name].join('/')),
);

const changeArb: fc.Arbitrary<ChangedFile> = fc.oneof(
  fc.tuple(fc.constantFrom('A', 'M', 'D', 'T') as fc.Arbitrary<ChangedFile['status']>, pathArb).map(([status, path]) => ({ status, path })),
  fc
    .tuple(fc.constantFrom('R', 'C') as fc.Arbitrary<ChangedFile['status']>, pathArb, pathArb)
    .map(([status, oldPath, path]) => ({ status, path, oldPath })),
);

const composeTo = composeModel(COMPOSE_YML.replace('beat\n', 'beat -l info\n').replace('  redis:\n    image: redis:7\n', ''));
const variants = fc.record({ unknownFrom: fc.boolean(), composeChanged: fc.boolean() });

function plan(changes: ChangedFile[], v: { unknownFrom: boolean; composeChanged: boolean }): Plan {
  const input = planInput([], v.composeChanged ? { composeTo } : {});
  return planDeploy({ ...input, changes, from: v.unknownFrom ? null : input.from, composeFrom: v.unknownFrom ? null : input.composeFrom });
}

const affected = (p: Plan): string[] => [...p.build, ...p.recreate, ...p.restart];

describe('planDeploy: properties', () => {
  it('adding a changed file never removes a service or a task from the plan', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 12 }), changeArb, variants, (changes, extra, v) => {
        const before = plan(changes, v);
        const after = plan([...changes, extra], v);
        expect(affected(after)).toEqual(expect.arrayContaining(affected(before)));
        expect(after.remove).toEqual(expect.arrayContaining(before.remove));
        expect(after.tasks).toEqual(expect.arrayContaining(before.tasks));
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and independent of the order of the changes', () => {
    const arb = fc
      .array(changeArb, { maxLength: 15 })
      .chain((changes) =>
        fc.tuple(fc.constant(changes), fc.shuffledSubarray(changes, { minLength: changes.length, maxLength: changes.length })),
      );
    fc.assert(
      fc.property(arb, variants, ([changes, shuffled], v) => {
        expect(plan(shuffled, v)).toEqual(plan(changes, v));
        expect(plan(changes, v)).toEqual(plan(changes, v));
      }),
      { numRuns: 300 },
    );
  });

  it('lists are sorted, unique and disjoint; noCache ⊆ build; every path is accounted for', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 15 }), variants, (changes, v) => {
        const p = plan(changes, v);
        for (const list of [p.changedFiles, p.build, p.noCache, p.recreate, p.restart, p.remove, p.unmatched, p.warnings]) {
          expect(list).toEqual([...new Set(list)].sort());
        }
        expect(new Set(affected(p)).size).toBe(affected(p).length);
        expect(p.build).toEqual(expect.arrayContaining(p.noCache));
        const paths = changes.flatMap((c) => (c.oldPath && (c.status === 'R' || c.status === 'C') ? [c.path, c.oldPath] : [c.path]));
        expect(p.changedFiles).toEqual([...new Set(paths)].sort());
        expect(p.changedFiles).toEqual(expect.arrayContaining(p.unmatched));
      }),
      { numRuns: 300 },
    );
  });
});
