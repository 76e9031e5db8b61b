import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, lockDir, releaseLock, type LockInfo, type LockOptions } from '../../src/deploy/lock.js';
import { rejectionMessage } from './helpers/errors.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-lock');

const info = (runId: string, actor: string, ageMs = 0): LockInfo => ({
  runId,
  actor,
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  command: 'deploy',
  time: new Date(Date.now() - ageMs).toISOString(),
});
const opts = (o: Partial<LockOptions> = {}): LockOptions => ({ ttlMs: 60_000, waitMs: 0, forceUnlock: false, pollMs: 20, ...o });
const infoFile = (): string => `${lockDir(tmp())}/info.json`;
const holder = async (): Promise<LockInfo> => JSON.parse(await readFile(infoFile(), 'utf8')) as LockInfo;
const refusal = (p: Promise<unknown>): Promise<string> => rejectionMessage(p, LockHeldError);

/** run-1 (alice) holds the lock; run-2 (bob) tries with `o`: its refusal and how long it took. */
async function contend(o: Partial<LockOptions>): Promise<{ msg: string; ms: number }> {
  await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
  const started = Date.now();
  const msg = await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts(o)));
  return { msg, ms: Date.now() - started };
}

describe('deploy lock (real mkdir on a temp dir named with spaces and quotes)', () => {
  it('acquire creates <path>/.deploy/lock/info.json with the holder', async () => {
    const mine = info('run-1', 'alice');
    await acquireLock(local, tmp(), mine, opts());
    expect(lockDir(tmp())).toBe(`${tmp()}/.deploy/lock`);
    expect(await holder()).toEqual(mine);
  });

  it('a second acquire fails fast naming the holder run id, actor, command and short sha', async () => {
    const { msg, ms } = await contend({ pollMs: 5000 });
    expect(ms).toBeLessThan(2000);
    expect(msg).toContain('another deploy holds the lock');
    expect(msg).toContain('run run-1 by alice');
    expect(msg).toContain('deploy abcdef012345');
    expect(msg).not.toContain('bob');
    expect((await holder()).runId).toBe('run-1');
  });

  it('the holder run url is part of the message', async () => {
    await acquireLock(local, tmp(), { ...info('run-1', 'alice'), runUrl: 'https://ci/run/1' }, opts());
    expect(await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts()))).toContain('https://ci/run/1');
  });

  it('with waitMs > 0 it succeeds once the holder releases', async () => {
    await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
    const released = new Promise<boolean>((resolve, reject) => {
      setTimeout(() => releaseLock(local, tmp(), 'run-1').then(resolve, reject), 150);
    });
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ waitMs: 3000 }));
    expect(await released).toBe(true);
    expect((await holder()).runId).toBe('run-2');
  });

  it('with waitMs > 0 it still fails (naming the holder) when the wait runs out', async () => {
    const { msg, ms } = await contend({ waitMs: 200 });
    expect(ms).toBeGreaterThanOrEqual(200);
    expect(msg).toContain('run run-1 by alice');
  });

  it('a stale lock is refused without forceUnlock, pointing at force-unlock', async () => {
    await acquireLock(local, tmp(), info('old-run', 'carol', 120_000), opts());
    const msg = await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000 })));
    expect(msg).toContain('stale');
    expect(msg).toContain('force-unlock');
    expect(msg).toContain('run old-run by carol');
    expect((await holder()).runId).toBe('old-run');
  });

  it('a stale lock is broken with forceUnlock and taken over', async () => {
    await acquireLock(local, tmp(), info('old-run', 'carol', 120_000), opts());
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000, forceUnlock: true }));
    expect((await holder()).runId).toBe('run-2');
  });

  it('forceUnlock does not break a fresh lock', async () => {
    expect((await contend({ forceUnlock: true })).msg).toContain('run run-1 by alice');
    expect((await holder()).runId).toBe('run-1');
  });

  it('staleness follows the injected clock', async () => {
    expect((await contend({ now: () => Date.now() + 3_600_000 })).msg).toContain('force-unlock');
  });

  it('a lock dir without info.json is reported as an unknown holder', async () => {
    await mkdir(lockDir(tmp()), { recursive: true });
    expect(await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts()))).toContain('unknown holder');
  });

  it.each<[string, string, boolean]>([
    ['the holder releases its own lock', 'run-1', true],
    ['another run cannot release it', 'run-2', false],
  ])('releaseLock: %s', async (_name, runId, released) => {
    await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
    expect(await releaseLock(local, tmp(), runId)).toBe(released);
    expect(existsSync(lockDir(tmp()))).toBe(!released);
  });

  it.each<[string, () => Promise<void>]>([
    ['no lock', async () => undefined],
    ['unreadable info', async () => {
      await mkdir(lockDir(tmp()), { recursive: true });
      await writeFile(infoFile(), '{not json');
    }],
  ])('releaseLock with %s is a no-op returning false', async (_name, setup) => {
    await setup();
    expect(await releaseLock(local, tmp(), 'run-1')).toBe(false);
  });
});
