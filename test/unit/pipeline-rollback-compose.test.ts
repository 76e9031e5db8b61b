/**
 * A compose rollback through the pipeline runner, on a recording executor: B is live, A is retained
 * (its release directory and images); the exact sequence of remote commands for success, for a
 * failure injected at each phase (what the undo puts back), and the retained-source paths (a pruned
 * directory uploaded again, a gone image rebuilt).
 */
import { describe, expect, it, vi } from 'vitest';
import { composeRollback } from '../../src/rollback/compose.js';
import { A, B, composeCase, release, rollbackCase, runCase, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const state = () =>
  stateOf(
    release(B, { previous: A, images: { web: { name: 'app_web', id: 'sha256:b-web' } } }),
    release(A, { images: { web: { name: 'app_web', id: 'sha256:a-web' } } }),
  );

async function rollback(setup: (exec: ReturnType<typeof composeCase>['exec']) => void = () => undefined) {
  const c = rollbackCase(composeCase, state());
  setup(c.exec);
  return runCase(composeRollback, c);
}

/** the retained release back: its directory is there, `current` switched, its image name retagged, then up, tasks, health */
const LIVE = ['dir-check', 'switch a', 'tag app_web', 'up web', 'up worker', 'exec web', 'containers', 'health'];
/** the deploy's undo: back on b (`current`, b's image, both services) */
const UNDO = ['switch b', 'tag app_web', 'up web worker'];

describe('compose rollback through the pipeline', () => {
  it('success: retained directory and images (no upload, no build), switch, up, tasks, health; state, audit, pruning', async () => {
    const d = await rollback();
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual(['inspect-host', ...LIVE, 'record']);
    // a rollback tags nothing: the retained release keeps its own tags
    expect(d.exec.commands.find((c) => c.cmd.startsWith('IFS= read -r audit '))!.cmd).not.toContain('docker tag');
    expect(d.phases).toEqual(['Images', 'Apply', 'Verify', 'Record']);
    expect(d.run.progress.list()).toEqual(['upload', 'switch', 'build', 'apply', 'tasks', 'verify']);
    expect(d.exec.commands.find((x) => x.cmd.startsWith('docker tag'))?.cmd).toBe('docker tag sha256:a-web app_web');
    expect(d.saved).toHaveLength(1);
    expect(d.saved[0]).toMatchObject({ current: A, currentSince: { via: 'rollback' } });
    expect(d.saved[0].releases.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual([
      [B, 'rolled-back'],
      [A, 'success'],
    ]);
    expect(d.audit).toEqual([
      expect.objectContaining({
        command: 'rollback',
        from: B,
        to: A,
        result: 'success',
        rebuilt: [],
        services: expect.objectContaining({ images: ['web'] }),
      }),
    ]);
    expect(d.s.report).toMatchObject({ release: A, previousRelease: B });
    expect(d.s.report.notes).toEqual([
      `rolled back prod from ${'b'.repeat(12)} to ${'a'.repeat(12)}: web back on the images of ${'a'.repeat(12)} (no rebuild)`,
    ]);
  });

  it('a pruned release directory is uploaded again; an image gone from the host is rebuilt from its files', async () => {
    const d = await rollback((x) => {
      x.absent.add('dir-check');
      x.failAt = 'tag app_web';
    });
    expect(d.error).toBeUndefined();
    expect(d.exec.log.slice(0, 6)).toEqual(['inspect-host', 'dir-check', 'upload a', 'switch a', 'tag app_web', 'build web']);
    expect(d.phases).toEqual(['Upload', 'Images', 'Build', 'Apply', 'Verify', 'Record']);
    expect(d.audit[0]).toMatchObject({ result: 'success', rebuilt: ['web'] });
  });

  it.each([
    { at: 'switch a', done: LIVE.slice(0, 2), phases: ['Undo'] },
    { at: 'up web', done: LIVE.slice(0, 4), phases: ['Images', 'Apply', 'Undo'] },
    { at: 'exec web', done: LIVE.slice(0, 6), phases: ['Images', 'Apply', 'Undo'] },
    // a failed health check collects the logs of the services first, before the undo
    { at: 'health', done: [...LIVE, 'logs web', 'logs worker'], phases: ['Images', 'Apply', 'Verify', 'Undo'] },
  ])('failure at $at: back on b, nothing recorded in state.json, a failed audit line', async ({ at, done, phases }) => {
    const d = await rollback((x) => (x.failAt = at));
    expect(d.error).toBeDefined();
    expect(d.exec.log).toEqual(['inspect-host', ...done, ...UNDO, 'audit']);
    expect(d.phases).toEqual(phases);
    expect(d.s.report.result).toBe('failure');
    expect(d.s.report.notes).toEqual([`rollback failed: reverted to ${'b'.repeat(12)}: web, worker back on previous images`]);
    expect(d.saved).toEqual([]);
    expect(d.audit).toEqual([expect.objectContaining({ from: B, to: A, result: 'failed', error: d.error })]);
    expect(d.audit[0].rebuilt).toBeUndefined();
  });

  it('failure of the upload of a pruned directory: nothing went live, b keeps running', async () => {
    const d = await rollback((x) => {
      x.absent.add('dir-check');
      x.failAt = 'upload a';
    });
    expect(d.exec.log).toEqual(['inspect-host', 'dir-check', 'upload a', 'audit']);
    expect(d.s.report.notes).toEqual([`rollback failed: nothing went live: the services still run ${'b'.repeat(12)}`]);
  });

  it('an undo that fails says so: could not go back', async () => {
    const d = await rollback((x) => {
      x.failAt = 'health';
      x.absent.add('tag app_web');
    });
    expect(d.s.report.notes).toEqual([
      `rollback failed: could not go back to ${'b'.repeat(12)}: cannot revert web: their previous images are gone`,
    ]);
    expect(d.phases.at(-1)).toBe('Undo');
  });
});
