import { describe, expect, it } from 'vitest';
import { ALONE, assignLanes, DEFAULT_SECONDS, laneFiles, laneFromEnv } from '../e2e/lanes.js';

const f = (stem: string): string => `test/e2e/${stem}.e2e.test.ts`;

describe('e2e lanes', () => {
  it('puts the ALONE files alone and balances the rest, longest first', () => {
    const files = [f('a'), f('b'), f('c'), f('d'), f('swarm-edges')];
    const lanes = assignLanes(files, { a: 100, b: 60, c: 50, d: 10, 'swarm-edges': 300 });
    expect(Object.fromEntries(lanes)).toEqual({
      [f('swarm-edges')]: 'alone',
      [f('a')]: '1',
      [f('b')]: '2',
      [f('c')]: '2',
      [f('d')]: '1',
    });
  });

  it(`counts ${DEFAULT_SECONDS} s for a file with no recorded duration, and breaks ties by name`, () => {
    const lanes = assignLanes([f('new-b'), f('new-a'), f('old')], { old: DEFAULT_SECONDS + 1 });
    expect([lanes.get(f('old')), lanes.get(f('new-a')), lanes.get(f('new-b'))]).toEqual(['1', '2', '2']);
  });

  it('lists one lane in the given order; every file is in exactly one lane', () => {
    const files = [f('x'), f('deploy-lock'), f('y'), f('z')];
    const seconds = { x: 5, y: 5, z: 5 };
    const all = [laneFiles('1', files, seconds), laneFiles('2', files, seconds), laneFiles('alone', files, seconds)];
    expect(all).toEqual([[f('x'), f('z')], [f('y')], [f('deploy-lock')]]);
    expect(all.flat().sort()).toEqual([...files].sort());
  });

  it('every ALONE entry says why', () => {
    for (const [stem, why] of Object.entries(ALONE)) expect(why.length, stem).toBeGreaterThan(10);
  });

  it('reads GITOPS_E2E_LANE: unset means no lanes, an unknown value is refused', () => {
    expect(laneFromEnv(undefined)).toBeUndefined();
    expect(laneFromEnv('')).toBeUndefined();
    expect(laneFromEnv('alone')).toBe('alone');
    expect(() => laneFromEnv('3')).toThrow('GITOPS_E2E_LANE must be one of 1, 2, alone; got "3"');
  });
});
