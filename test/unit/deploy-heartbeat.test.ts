/** The lock holder's heartbeat: a fake executor for round trips, a real lock dir for its effect. */
import { utimes, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startHeartbeat } from '../../src/session/heartbeat.js';
import { acquireLock, lockDir, releaseLock } from '../../src/session/lock.js';
import type { ExecOptions, ExecResult, Executor } from '../../src/transport/types.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-heartbeat');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records every script; answers with `answer` (a result, or a rejection for a lost connection). */
function fake(answer: () => Promise<ExecResult>): Executor & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    name: 'fake',
    scripts,
    run: () => Promise.reject(new Error('not used')),
    sh: (script: string, _o?: ExecOptions) => {
      scripts.push(script);
      return answer();
    },
    close: async () => undefined,
  };
}
const ok = async (): Promise<ExecResult> => ({ code: 0, stdout: '', stderr: '' });

describe('heartbeat', () => {
  it('one heartbeat round trip per interval, nothing after stop()', async () => {
    const exec = fake(ok);
    const beat = startHeartbeat(exec, '/srv/app', 'run-1', 40, () => undefined);
    await sleep(230);
    await beat.stop();
    const n = exec.scripts.length;
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThanOrEqual(6);
    expect(new Set(exec.scripts)).toEqual(
      new Set([
        `cd /srv/app/.deploy/lock 2>/dev/null && [ -f info.json ] && grep -qF -e '"runId":"run-1"' info.json || exit 3; touch -c info.json`,
      ]),
    );
    await sleep(120);
    expect(exec.scripts.length).toBe(n);
    expect(beat.lost()).toBeUndefined();
  });

  it('a slow round trip is not stacked: at most one beat in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const exec = fake(async () => {
      most = Math.max(most, ++inFlight);
      await sleep(120);
      inFlight--;
      return { code: 0, stdout: '', stderr: '' };
    });
    const beat = startHeartbeat(exec, '/srv/app', 'run-1', 20, () => undefined);
    await sleep(300);
    await beat.stop();
    expect(most).toBe(1);
    expect(inFlight).toBe(0);
  });

  it("a lost connection is not a lost lock (the run's own commands report it)", async () => {
    const exec = fake(() => Promise.reject(new Error('SSH connection closed')));
    const lost: string[] = [];
    const beat = startHeartbeat(exec, '/srv/app', 'run-1', 20, (m) => lost.push(m));
    await sleep(100);
    await beat.stop();
    expect(exec.scripts.length).toBeGreaterThan(1);
    expect(lost).toEqual([]);
    expect(beat.lost()).toBeUndefined();
  });

  it("a lock that is not this run's any more: reported once, beating stops", async () => {
    const exec = fake(async () => ({ code: 3, stdout: '', stderr: '' }));
    const lost: string[] = [];
    const beat = startHeartbeat(exec, '/srv/app', 'run-1', 20, (m) => lost.push(m));
    await sleep(150);
    await beat.stop();
    expect(exec.scripts).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(beat.lost()).toContain('no longer holds the deploy lock of /srv/app');
  });

  it("on a real lock: keeps info.json's mtime fresh; never touches another run's lock", async () => {
    const info = {
      runId: 'run-1',
      sha: 'a'.repeat(40),
      actor: 'alice',
      command: 'deploy',
      time: new Date().toISOString(),
      heartbeatSeconds: 1,
    };
    await acquireLock(local, tmp(), info, { ttlMs: 60_000, waitMs: 0, forceUnlock: false });
    const file = `${lockDir(tmp())}/info.json`;
    const old = new Date(Date.now() - 600_000);
    await utimes(file, old, old);
    const beat = startHeartbeat(local, tmp(), 'run-1', 50, () => undefined);
    await sleep(300);
    expect(Date.now() - (await stat(file)).mtimeMs).toBeLessThan(2_000);
    // another run now holds the lock: the heartbeat must find out and leave it alone
    expect(await releaseLock(local, tmp(), 'run-1')).toBe(true);
    await acquireLock(local, tmp(), { ...info, runId: 'run-2' }, { ttlMs: 60_000, waitMs: 0, forceUnlock: false });
    await utimes(file, old, old);
    await sleep(300);
    await beat.stop();
    expect(Math.abs((await stat(file)).mtimeMs - old.getTime())).toBeLessThan(1_000);
    expect(beat.lost()).toContain('run-1');
    await writeFile(file, '');
  });
});
