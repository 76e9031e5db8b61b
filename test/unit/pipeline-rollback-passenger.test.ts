/**
 * A passenger rollback through the pipeline runner, on a recording executor: B is live, A retained
 * (releases layout: its directory; in-place: its code snapshot). The exact sequence of remote
 * commands for success and for a failure injected at each phase, and what the undo puts back.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PassengerTarget } from '../../src/config/schema.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { passengerRollback } from '../../src/rollback/passenger.js';
import { A, B, passengerCase, release, rollbackCase, runCase, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const [a, b] = ['a'.repeat(12), 'b'.repeat(12)];

async function rollback(failAt?: string, layout: 'releases' | 'in-place' = 'releases') {
  const c = rollbackCase(passengerCase, stateOf(release(B, { previous: A }), release(A)));
  (c.s.target as PassengerTarget).layout = layout;
  c.exec.failAt = failAt;
  return runCase(passengerRollback, c);
}

const LIVE = ['dir-check', 'pip', 'switch a + restart', 'health'];

describe('passenger rollback through the pipeline (releases layout)', () => {
  it('success: the kept directory, pip (requirements differ), switch + restart, health; no user task; state, audit, pruning', async () => {
    const d = await rollback();
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual(['venv-check', ...LIVE, 'record']);
    expect(d.phases).toEqual(['Pip', 'Switch', 'Verify', 'Record']);
    expect(d.run.progress.list()).toEqual(['upload', 'build', 'switch', 'verify']);
    expect(d.s.report.plan?.tasks).toEqual(['pip-install']);
    expect(d.saved[0]).toMatchObject({ current: A, currentSince: { via: 'rollback' } });
    expect(d.saved[0].releases.map((r: { result: string }) => r.result)).toEqual(['rolled-back', 'success']);
    expect(d.audit).toEqual([expect.objectContaining({ from: B, to: A, result: 'success', services: { tasks: ['pip-install'] } })]);
    expect(d.s.report.notes).toEqual([`rolled back prod from ${b} to ${a}: requirements reinstalled (backend/requirements.txt changed)`]);
  });

  it.each([
    { at: 'pip', done: LIVE.slice(0, 2), undo: ['pip'], what: `requirements of ${b} reinstalled`, phases: ['Pip', 'Undo'] },
    {
      at: 'switch a + restart',
      done: LIVE.slice(0, 3),
      undo: ['pip', 'switch b + restart'],
      what: `requirements of ${b} reinstalled, current switched back, app restarted`,
      phases: ['Pip', 'Switch', 'Undo'],
    },
    {
      at: 'health',
      done: [...LIVE, 'error-log'],
      undo: ['pip', 'switch b + restart'],
      what: `requirements of ${b} reinstalled, current switched back, app restarted`,
      phases: ['Pip', 'Switch', 'Verify', 'Undo'],
    },
  ])('failure at $at: back on b, state.json untouched, a failed audit line', async ({ at, done, undo, what, phases }) => {
    const d = await rollback(at);
    expect(d.error).toBeDefined();
    expect(d.exec.log).toEqual(['venv-check', ...done, ...undo, 'audit']);
    expect(d.phases).toEqual(phases);
    expect(d.s.report.result).toBe('failure');
    expect(d.s.report.notes).toEqual([`rollback failed: back on ${b}: ${what}`]);
    expect(d.saved).toEqual([]);
    expect(d.audit).toEqual([expect.objectContaining({ result: 'failed', error: d.error })]);
  });

  it('failure while re-uploading a pruned directory: nothing had changed yet', async () => {
    const c = rollbackCase(passengerCase, stateOf(release(B, { previous: A }), release(A)));
    c.exec.absent.add('dir-check');
    c.exec.failAt = 'upload a';
    const run = await passengerRollback.prepare(c.base, c.planned);
    await expect(runPipeline(passengerRollback, run)).rejects.toThrow('exit 1');
    expect(c.exec.log).toEqual(['venv-check', 'dir-check', 'upload a', 'audit']);
    expect(c.s.report.notes).toEqual([`rollback failed: nothing had changed yet: ${b} keeps serving`]);
  });
});

describe('passenger rollback through the pipeline (in-place layout)', () => {
  // the snapshot of b, then a's restore: its dry run (what changes mode only: sync/unshare.ts), the restore
  const INPLACE = ['dir-check', 'code-snapshot', 'code-snapshot', 'code-snapshot', 'pip', 'restart', 'health'];

  it('success: snapshot of b, a restored from its snapshot, pip, restart, health', async () => {
    const d = await rollback(undefined, 'in-place');
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual(['venv-check', ...INPLACE, 'record']);
    expect(d.phases).toEqual(['Restore code', 'Pip', 'Switch', 'Verify', 'Record']);
  });

  it('failure at health: b restored from its snapshot, its requirements, restart', async () => {
    const d = await rollback('health', 'in-place');
    expect(d.exec.log).toEqual(['venv-check', ...INPLACE, 'error-log', 'code-snapshot', 'code-snapshot', 'pip', 'restart', 'audit']);
    expect(d.s.report.notes).toEqual([
      `rollback failed: back on ${b}: code restored from its snapshot, requirements of ${b} reinstalled, app restarted`,
    ]);
  });
});
