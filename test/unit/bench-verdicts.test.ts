import { describe, expect, it } from 'vitest';
import { limitWhy, phaseSplit, verdict, type Sample } from '../../bench/compare-render.js';

const run = (ms: number, phases: Record<string, number>): Sample => ({
  ms,
  bytes: 0,
  restarted: 1,
  phases: Object.entries(phases).map(([name, p]) => ({ name, ms: p })),
});

// three template deploys: 1,700 ms each, 1,270 ms of Build + Apply, 200 ms in the other phases
const deploys = [1650, 1700, 1800].map((ms) =>
  run(ms, { Connect: 60, Lock: 20, Plan: 20, Upload: 60, Build: 260, Apply: 1010, Record: 40 }),
);
const rollbacks = [1500, 1540, 1600].map((ms) => run(ms, { Connect: 60, Lock: 30, Images: 30, Apply: 1110, Record: 20 }));

describe('bench verdicts say why a target is not met, from the run’s own figures', () => {
  it('splits a run into Build + Apply, the other phases, and the time outside every phase', () => {
    expect(phaseSplit(deploys)).toMatchObject({ work: 1270, overhead: 430, outside: 230 });
    expect(phaseSplit(rollbacks)).toMatchObject({ work: 1110, overhead: 430, outside: 290 });
  });

  it.each([
    [
      deploys,
      1290,
      1.3,
      "Build + Apply took 1.27 s (0.98× the limit's 1.29 s), and the rest of the run 0.43 s (0.23 s of it before and after every phase: Node's start, loading the code, the SSH handshake, the exit) against the 0.39 s that 1.3× leaves",
    ],
    [
      rollbacks,
      1070,
      1.2,
      "Apply took 1.11 s (1.04× the limit's 1.07 s), and the rest of the run 0.43 s (0.29 s of it before and after every phase: Node's start, loading the code, the SSH handshake, the exit) against the 0.21 s that 1.2× leaves",
    ],
  ])('limitWhy %#', (xs, limit, k, why) => expect(limitWhy(xs, limit, k)).toBe(why));

  it.each([
    [true, 'x ≤ 1', '0.5 s', 'because', '- x ≤ 1: 0.5 s — **met**'],
    [false, 'x ≤ 1', '2.0 s', 'because', '- x ≤ 1: 2.0 s — **not met: because**'],
    [false, 'x ≤ 1', '2.0 s', '', '- x ≤ 1: 2.0 s — **not met**'],
    [false, 'x ≤ 1', 'NaN×', 'because', '- x ≤ 1: **not measured** (this run has no samples for it)'],
  ])('verdict(%s, %s, %s, %s)', (ok, what, figure, why, line) => expect(verdict(ok, what, figure, why)).toBe(line));
});
