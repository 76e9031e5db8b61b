import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, lockDir, releaseLock, type LockInfo, type LockOptions } from '../../src/deploy/lock.js';
import type { ExecOptions, Executor } from '../../src/transport/types.js';
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

/** `local`, with a hook that sees (and may rewrite) every script before it runs. */
function hooked(before: (script: string) => Promise<string | void> | string | void): Executor & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    name: 'hooked',
    scripts,
    run: (argv, o) => local.run(argv, o),
    sh: async (script: string, o?: ExecOptions) => {
      scripts.push(script);
      return local.sh((await before(script)) ?? script, o);
    },
    close: () => local.close(),
  };
}

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

  it('a failed info.json write after mkdir removes the lock again and reports an error', async () => {
    // the write fails (disk full, quota, ...): a `cat` that swallows its input and fails
    const failingWrite = hooked((script) => `cat() { command cat >/dev/null; return 1; }\n${script}`);
    const msg = await rejectionMessage(acquireLock(failingWrite, tmp(), info('run-1', 'alice'), opts()), Error);
    expect(msg).toContain('cannot create the deploy lock');
    expect(existsSync(lockDir(tmp()))).toBe(false);
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts());
    expect((await holder()).runId).toBe('run-2');
  });

  it('a force-unlock that lost the race to break a stale lock does not break the winner\'s fresh lock', async () => {
    await acquireLock(local, tmp(), info('old-run', 'carol', 120_000), opts());
    let raced = false;
    // bob read the stale holder; before his break runs, dave breaks the lock and takes it
    const bob = hooked(async (script) => {
      if (raced || script.includes('mkdir') || !script.includes('rm -rf')) return;
      raced = true;
      await acquireLock(local, tmp(), info('run-dave', 'dave'), opts({ forceUnlock: true }));
    });
    const msg = await refusal(acquireLock(bob, tmp(), info('run-bob', 'bob'), opts({ forceUnlock: true })));
    expect(raced).toBe(true);
    expect(msg).toContain('run run-dave by dave');
    expect((await holder()).runId).toBe('run-dave');
  });

  it('concurrent force-unlocks of a stale lock: exactly one run takes it, the others name it', async () => {
    await acquireLock(local, tmp(), info('old-run', 'carol', 120_000), opts());
    const runs = ['a', 'b', 'c', 'd', 'e'].map((id) => acquireLock(local, tmp(), info(`run-${id}`, id), opts({ forceUnlock: true })));
    const results = await Promise.allSettled(runs);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = (await holder()).runId;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      expect(r.reason).toBeInstanceOf(LockHeldError);
      // read between the winner's mkdir and its info write, the holder is not known yet
      expect(String(r.reason)).toMatch(new RegExp(`another deploy holds the lock: (run ${winner} by|an unknown holder)`));
    }
    expect(readdirSync(dirname(lockDir(tmp()))).sort()).toEqual(['lock']);
  });

  it('a stale lock whose info cannot be compared fails instead of looping', async () => {
    await mkdir(lockDir(tmp()), { recursive: true });
    const bytes = Buffer.from(JSON.stringify({ ...info('old-run', 'carol', 120_000), actor: 'x' }).replace('"x"', '"\u0001"'));
    await writeFile(infoFile(), Buffer.concat([bytes.subarray(0, bytes.indexOf(1)), Buffer.from([0xff]), bytes.subarray(bytes.indexOf(1) + 1)]));
    const msg = await rejectionMessage(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ forceUnlock: true })), Error);
    expect(msg).toContain('remove it by hand');
  });

  it('releaseLock checks the holder and removes the lock in one round trip', async () => {
    await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
    const counted = hooked(() => undefined);
    expect(await releaseLock(counted, tmp(), 'run-2')).toBe(false);
    expect(counted.scripts).toHaveLength(1);
    expect(await releaseLock(counted, tmp(), 'run-1')).toBe(true);
    expect(counted.scripts).toHaveLength(2);
    expect(existsSync(lockDir(tmp()))).toBe(false);
  });

  it.each<[string, string, string, boolean]>([
    ['a run id that is a prefix of the holder\'s', 'run-10', 'run-1', false],
    ['a run id found in another field', 'run-1', 'run-2', false],
    ['a run id with quotes, $ and a newline', `it's "x" $HOME\n\\`, `it's "x" $HOME\n\\`, true],
  ])('releaseLock compares the run id exactly: %s', async (_name, holderId, runId, released) => {
    // the actor field carries the other run id's JSON fragment (escaped inside a value)
    await acquireLock(local, tmp(), { ...info(holderId, `"runId":"run-2"`), command: 'runId:run-2' }, opts());
    expect(await releaseLock(local, tmp(), runId)).toBe(released);
    expect(existsSync(lockDir(tmp()))).toBe(!released);
  });
});
