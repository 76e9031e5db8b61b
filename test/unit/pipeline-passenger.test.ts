/**
 * The passenger strategy through the pipeline runner, on a recording executor: the exact sequence
 * of remote commands (by kind) of a deploy of b over a (releases layout), for success and for a
 * failure injected at each phase, what the failure undoes, and the release record of a re-deploy.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import type { DeployState } from '../../src/record/state-model.js';
import { passengerStrategy } from '../../src/strategies/passenger/strategy.js';
import { A, B, passengerCase, release, runCase, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

async function deploy(state: DeployState, failAt?: string, plan: Partial<Plan> = {}) {
  const c = passengerCase(state, plan);
  c.exec.failAt = failAt;
  return runCase(passengerStrategy, c);
}

const LIVE = ['upload b', 'pip', 'task', 'switch b + restart', 'health'];
const FAILED_END = ['state:write', 'prune', 'audit'];

describe('passenger deploy through the pipeline', () => {
  it('success: upload, pip, tasks, switch + restart in one round trip, health, then state, audit, pruning', async () => {
    const d = await deploy(stateOf(release(A)));
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual(['venv-check', ...LIVE, 'record']);
    expect(d.phases).toEqual(['Upload', 'Pip', 'Tasks', 'Switch', 'Verify', 'Record']);
    expect(d.run.progress.list()).toEqual(['upload', 'build', 'tasks', 'switch', 'verify']);
    expect(d.saved[0].current).toBe(B);
    expect(d.saved[0].releases[0]).toMatchObject({ id: B, result: 'success', previous: A });
  });

  it.each([
    { at: 'upload b', done: ['upload b'], undo: [], result: 'failure', note: 'aborted before the switch: aaaaaaaaaaaa keeps serving' },
    // pip changed the venv a serves from (a half-done pip too): a's requirements go back in, a restarts on them
    {
      at: 'pip',
      done: LIVE.slice(0, 2),
      undo: ['pip', 'restart'],
      result: 'failure',
      note: 'reverted to aaaaaaaaaaaa: requirements of aaaaaaaaaaaa reinstalled, app restarted',
    },
    {
      at: 'task',
      done: LIVE.slice(0, 3),
      undo: ['pip', 'restart'],
      result: 'failure',
      note: 'reverted to aaaaaaaaaaaa: requirements of aaaaaaaaaaaa reinstalled, app restarted',
    },
    {
      at: 'switch b + restart',
      done: LIVE.slice(0, 4),
      undo: ['pip', 'switch a + restart'],
      result: 'rolled-back',
      note: 'reverted to aaaaaaaaaaaa: requirements of aaaaaaaaaaaa reinstalled, current switched back, app restarted',
    },
    {
      at: 'health',
      done: [...LIVE, 'error-log'],
      undo: ['pip', 'switch a + restart'],
      result: 'rolled-back',
      note: 'reverted to aaaaaaaaaaaa: requirements of aaaaaaaaaaaa reinstalled, current switched back, app restarted',
    },
  ])('failure at $at: undoes what ran, records b failed, a stays current', async ({ at, done, undo, result, note }) => {
    const d = await deploy(stateOf(release(A)), at);
    expect(d.error).toBeDefined();
    expect(d.exec.log).toEqual(['venv-check', ...done, ...undo, ...FAILED_END]);
    expect(d.phases.at(-1)).toBe('Rollback');
    expect(d.s.report.result).toBe(result);
    expect(d.s.report.notes).toEqual([note]);
    expect(d.saved[0].current).toBe(A);
    expect(d.saved[0].releases[0]).toMatchObject({ id: B, result: 'failed' });
  });

  it('a failed first deploy still runs the revert phase, which has nothing to go back to', async () => {
    const d = await deploy(stateOf(), 'health', { from: null });
    expect(d.exec.log.slice(-5)).toEqual(['health', 'error-log', ...FAILED_END]);
    expect(d.s.report.notes).toEqual(['first deploy failed: there is no previous release to roll back to']);
  });
});

describe('passenger re-deploy of the live commit', () => {
  const live = () => stateOf(release(B, { previous: A, backup: { file: '/b/pre-b.sql.gz', sha256: 'x', size: 1 } }), release(A));

  it('keeps the live release predecessor and backup: previous is never the release itself', async () => {
    const d = await deploy(live(), undefined, { from: B });
    expect(d.error).toBeUndefined();
    expect(d.saved[0].releases[0]).toMatchObject({ id: B, result: 'success', previous: A, backup: { file: '/b/pre-b.sql.gz' } });
  });

  it('a failed re-run does not mark the live release failed (state.json is left as it is)', async () => {
    const d = await deploy(live(), 'health', { from: B });
    expect(d.error).toContain('health URL check failed');
    expect(d.saved).toEqual([]);
    expect(d.exec.log).not.toContain('state:write');
    expect(d.exec.log).toContain('audit');
  });
});

describe('passenger re-deploy of an older release that went live (the rollback target)', () => {
  // B is live, A its predecessor (kept: `rollback previous` goes there); the run deploys A again
  const kept = () => stateOf(release(B, { previous: A }), release(A, { backup: { file: '/b/pre-a.sql.gz', sha256: 'x', size: 1 } }));

  it('a failed re-deploy of A leaves its record as it was: not marked failed, its directory not pruned', async () => {
    const c = passengerCase(kept(), { from: B, to: A });
    c.planned.to = A;
    c.exec.failAt = 'health';
    const d = await runCase(passengerStrategy, c);
    expect(d.error).toContain('health URL check failed');
    expect(d.saved).toEqual([]);
    expect(d.exec.log).not.toContain('state:write');
    expect(d.exec.log).not.toContain('prune');
    expect(d.exec.log).toContain('audit');
  });

  it('a failed deploy of a commit never deployed is still recorded failed and pruned', async () => {
    const c = passengerCase(stateOf(release(A)));
    c.exec.failAt = 'health';
    const d = await runCase(passengerStrategy, c);
    expect(d.saved[0].releases[0]).toMatchObject({ id: B, result: 'failed' });
    expect(d.exec.log).toContain('prune');
  });
});
