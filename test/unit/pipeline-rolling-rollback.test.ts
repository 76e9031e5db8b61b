/**
 * A rollback over three hosts on recording executors: every host's locks held, the target checked
 * to be kept on every host before anything changes, the hosts rolled back primary first in the
 * `rolling:` batches, and a failure putting the hosts already rolled back forward again.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rollBackHosts } from '../../src/pipeline/rolling-rollback.js';
import type { DeployState } from '../../src/record/state-model.js';
import type { Session } from '../../src/session/session.js';
import { composeRollback } from '../../src/rollback/compose.js';
import type { HostConnection } from '../../src/transport/connect.js';
import { RecordingExecutor, SharedLogExecutor, writtenTo } from './helpers/fake-host.js';
import { A, B, composeCase, release, rollbackCase, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const planned = vi.hoisted(() => ({ value: undefined as unknown, calls: 0 }));
vi.mock('../../src/pipeline/plan.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/pipeline/plan.js')>()),
  computePlan: async () => {
    planned.calls++;
    return planned.value;
  },
}));

/** The locks: which hosts' were taken, for which sha (the lock scripts themselves are tested elsewhere). */
const locks = vi.hoisted(() => ({ taken: [] as { hosts: number; sha: string }[] }));
vi.mock('../../src/session/session.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/session/session.js')>()),
  withLocks: async (hosts: unknown[], sha: string, fn: () => Promise<unknown>) => {
    locks.taken.push({ hosts: hosts.length, sha });
    return fn();
  },
}));

const state = (): DeployState =>
  stateOf(
    release(B, { previous: A, images: { web: { name: 'app_web', id: 'sha256:b-web' } } }),
    release(A, { images: { web: { name: 'app_web', id: 'sha256:a-web' } } }),
  );

function threeHosts() {
  const c = rollbackCase(composeCase, state());
  const all: string[] = [];
  const execs = ['h1', 'h2', 'h3'].map((h) => {
    const exec = new SharedLogExecutor(h, all);
    exec.stdout['state:read'] = JSON.stringify(state());
    exec.stdout['inspect-host'] = `\n--- current ---\n${B}\n`;
    return exec;
  });
  const conns = execs.map((exec) => ({ exec }) as unknown as HostConnection);
  const target = { ...c.s.target, hosts: ['deploy@h1', 'deploy@h2', 'deploy@h3'], rolling: { batch: 1, pause: 0 } };
  const s: Session = { ...c.s, target, hosts: conns, conn: conns[0]! };
  planned.value = c.planned;
  return { s, execs, all };
}

const saved = (exec: RecordingExecutor): DeployState[] => writtenTo(exec.commands, 'state.json.tmp') as DeployState[];

beforeEach(() => {
  locks.taken = [];
  planned.calls = 0;
});

describe('rollBackHosts over three hosts', () => {
  it('every lock held, one plan, the target checked on every host first, then h1, h2, h3 in order, each back on a', async () => {
    const t = threeHosts();
    await rollBackHosts(t.s, composeRollback);
    expect(locks.taken).toEqual([{ hosts: 3, sha: A }]);
    expect(planned.calls).toBe(1);
    const checked = Math.max(...['h1', 'h2', 'h3'].map((h) => t.all.indexOf(`${h}:dir-check`)));
    expect(checked).toBeLessThan(t.all.indexOf('h1:switch a + tag app_web'));
    expect(t.all).toContain('h2:record');
    expect(t.all.lastIndexOf('h1:record')).toBeLessThan(t.all.indexOf('h2:switch a + tag app_web'));
    expect(t.all.lastIndexOf('h2:record')).toBeLessThan(t.all.indexOf('h3:switch a + tag app_web'));
    for (const [i, exec] of t.execs.entries()) {
      expect(saved(exec).at(-1)).toMatchObject({ current: A, currentSince: { via: 'rollback' } });
      expect(exec.log.includes('exec web'), `tasks on h${i + 1}`).toBe(i === 0);
    }
    expect(t.s.report.hosts!.map((h) => [h.host, h.previous, h.result])).toEqual([
      ['deploy@h1', B, 'rolled-back'],
      ['deploy@h2', B, 'rolled-back'],
      ['deploy@h3', B, 'rolled-back'],
    ]);
    expect(t.s.report.rollout!.map((b) => b.hosts)).toEqual([['deploy@h1'], ['deploy@h2'], ['deploy@h3']]);
  });

  it('the target pruned on h3: refused before any host changes, naming h3', async () => {
    const t = threeHosts();
    t.execs[2]!.absent.add('dir-check');
    await expect(rollBackHosts(t.s, composeRollback)).rejects.toThrow(
      `aaaaaaaaaaaa is no longer kept on deploy@h3 (/srv/app/releases/${A})`,
    );
    for (const exec of t.execs) {
      expect(exec.log.filter((k) => !['state:read', 'dir-check'].includes(k))).toEqual([]);
    }
    expect(planned.calls).toBe(0);
  });

  it('a health failure on h2: h2 undoes itself, h1 goes forward to b again (its state as before), h3 never changes', async () => {
    const t = threeHosts();
    t.execs[1]!.failAt = 'health';
    await expect(rollBackHosts(t.s, composeRollback)).rejects.toThrow('health URL check failed');
    const [h1, h2, h3] = t.execs;
    expect(h1!.log.indexOf('switch b + tag app_web')).toBeGreaterThan(h1!.log.indexOf('switch a + tag app_web'));
    expect(t.all.indexOf('h1:switch b + tag app_web')).toBeGreaterThan(t.all.indexOf('h2:health'));
    expect(saved(h1!).at(-1)).toEqual(state());
    expect(h2!.log).toContain('switch b + tag app_web');
    expect(h3!.log.filter((k) => !['state:read', 'dir-check'].includes(k))).toEqual([]);
    expect(t.s.report.hosts!.map((h) => h.result)).toEqual(['reverted', 'failed', 'untouched']);
    expect(t.s.report.result).toBe('failure');
  });
});
