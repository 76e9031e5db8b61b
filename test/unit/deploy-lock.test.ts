import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  acquireLock,
  heartbeatIntervalMs,
  judgeLock,
  LockHeldError,
  lockDir,
  readLock,
  releaseLock,
  type HeldLock,
  type LockInfo,
  type LockOptions,
} from '../../src/session/lock.js';
import { acquireScript } from '../../src/session/lock-scripts.js';
import { shellQuote as q } from '../../src/transport/quote.js';
import type { ExecOptions, Executor } from '../../src/transport/types.js';
import { rejectionMessage } from './helpers/errors.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-lock');

/** A holder that heart-beats every second (this version), unless `heartbeatSeconds` is dropped. */
const info = (runId: string, actor: string, startedMsAgo = 0): LockInfo => ({
  runId,
  actor,
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  command: 'deploy',
  time: new Date(Date.now() - startedMsAgo).toISOString(),
  heartbeatSeconds: 1,
});
/** A lock written by a version without heartbeat. */
const oldInfo = (runId: string, actor: string): LockInfo => {
  const { heartbeatSeconds: _, ...rest } = info(runId, actor);
  return rest;
};
const opts = (o: Partial<LockOptions> = {}): LockOptions => ({ ttlMs: 60_000, waitMs: 0, forceUnlock: false, pollMs: 20, ...o });
const infoFile = (): string => `${lockDir(tmp())}/info.json`;
const holder = async (): Promise<LockInfo> => JSON.parse(await readFile(infoFile(), 'utf8')) as LockInfo;
const refusal = (p: Promise<unknown>): Promise<string> => rejectionMessage(p, LockHeldError);
/** The holder's last heartbeat was `seconds` ago (info.json's mtime on this "host"). */
const silence = async (seconds: number): Promise<void> => {
  const t = new Date(Date.now() - seconds * 1000);
  await utimes(infoFile(), t, t);
};

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

  it('resolves with what `then` printed once the lock is taken; a refused acquire never runs it', async () => {
    const then = `cat ${q(`${tmp()}/.deploy/lock/info.json`)}`;
    const mine = info('run-1', 'alice');
    const printed = await acquireLock(local, tmp(), mine, opts({ then }));
    expect(JSON.parse(printed)).toEqual(mine);
    const marker = `${tmp()}/ran`;
    await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ then: `touch ${q(marker)}` })));
    expect(existsSync(marker)).toBe(false);
  });

  it('a second acquire fails fast naming the holder run id, actor, command, short sha and heartbeat', async () => {
    const { msg, ms } = await contend({ pollMs: 5000 });
    expect(ms).toBeLessThan(2000);
    expect(msg).toContain('another deploy holds the lock');
    expect(msg).toContain('run run-1 by alice');
    expect(msg).toContain('deploy abcdef012345');
    expect(msg).toMatch(/last heartbeat \d+ s ago/);
    expect(msg).toContain('cancel that run');
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

  // #13 item 7: a deploy longer than lock_ttl was reported stale while it still ran
  it('a holder that started long ago but heart-beats is alive: not stale, not breakable, even with force-unlock', async () => {
    await acquireLock(local, tmp(), info('long-run', 'alice', 3_600_000), opts());
    for (const forceUnlock of [false, true]) {
      const msg = await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000, forceUnlock })));
      expect(msg).toContain('another deploy holds the lock: run long-run by alice');
      expect(msg).toMatch(/started 360\d s ago/);
      expect(msg).not.toContain('stale');
      expect(msg).not.toContain('force-unlock');
    }
    expect((await holder()).runId).toBe('long-run');
  });

  it('a holder whose heartbeat stopped longer than lock_ttl ago is dead: its lock is broken automatically, loudly', async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    const broken: string[] = [];
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000, onBroken: (m) => broken.push(m) }));
    expect((await holder()).runId).toBe('run-2');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toContain('dead holder: run dead-run by carol (deploy abcdef012345');
    expect(broken[0]).toMatch(/heartbeat stopped 1[12]\d s ago \(lock_ttl 60 s\)/);
    expect(readdirSync(dirname(lockDir(tmp())))).toEqual(['lock']);
  });

  it('a lock_ttl shorter than 3 heartbeats of the holder never breaks a beating holder', async () => {
    await acquireLock(local, tmp(), { ...info('run-1', 'alice'), heartbeatSeconds: 10 }, opts());
    await silence(20);
    expect(await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 5_000 })))).toContain('run run-1 by alice');
    await silence(31);
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 5_000 }));
    expect((await holder()).runId).toBe('run-2');
  });

  it('force-unlock breaks a holder silent for 3 heartbeats before lock_ttl, not one that beat since', async () => {
    await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
    await silence(2);
    expect(await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ forceUnlock: true })))).toContain('run run-1 by alice');
    await silence(4);
    const broken: string[] = [];
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ forceUnlock: true, onBroken: (m) => broken.push(m) }));
    expect((await holder()).runId).toBe('run-2');
    expect(broken[0]).toContain('force-unlock: its heartbeat stopped');
  });

  it("a run waiting with lock-wait takes over once the holder's heartbeat stops", async () => {
    await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
    const dies = new Promise((r) => setTimeout(r, 300)).then(() => silence(10));
    const started = Date.now();
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 5_000, waitMs: 10_000 }));
    await dies;
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((await holder()).runId).toBe('run-2');
  });

  it('a lock without heartbeat (older version) older than lock_ttl is refused without force-unlock', async () => {
    await acquireLock(local, tmp(), oldInfo('old-run', 'carol'), opts());
    await silence(120);
    const msg = await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000 })));
    expect(msg).toContain('stale');
    expect(msg).toContain('force-unlock');
    expect(msg).toContain('run old-run by carol');
    expect((await holder()).runId).toBe('old-run');
  });

  it('a lock without heartbeat older than lock_ttl is broken with force-unlock; a younger one is not', async () => {
    await acquireLock(local, tmp(), oldInfo('old-run', 'carol'), opts());
    await silence(30);
    expect(await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000, forceUnlock: true })))).toContain(
      'run old-run by carol',
    );
    await silence(120);
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000, forceUnlock: true }));
    expect((await holder()).runId).toBe('run-2');
  });

  it('forceUnlock does not break a fresh lock', async () => {
    expect((await contend({ forceUnlock: true })).msg).toContain('run run-1 by alice');
    expect((await holder()).runId).toBe('run-1');
  });

  it('a lock dir without info.json is reported as an unknown holder', async () => {
    await mkdir(lockDir(tmp()), { recursive: true });
    expect(await refusal(acquireLock(local, tmp(), info('run-2', 'bob'), opts()))).toContain('unknown holder');
  });

  it('a holder that beats between the judgement and the break keeps its lock', async () => {
    await acquireLock(local, tmp(), info('run-1', 'alice'), opts());
    await silence(120);
    let beat = false;
    const bob = hooked(async (script) => {
      if (beat || !script.includes('mv ')) return;
      beat = true;
      await silence(0);
    });
    const msg = await refusal(acquireLock(bob, tmp(), info('run-2', 'bob'), opts({ ttlMs: 60_000 })));
    expect(beat).toBe(true);
    expect(msg).toContain('another deploy holds the lock: run run-1 by alice');
    expect((await holder()).runId).toBe('run-1');
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
    [
      'unreadable info',
      async () => {
        await mkdir(lockDir(tmp()), { recursive: true });
        await writeFile(infoFile(), '{not json');
      },
    ],
  ])('releaseLock with %s is a no-op returning false', async (_name, setup) => {
    await setup();
    expect(await releaseLock(local, tmp(), 'run-1')).toBe(false);
  });

  it('a failed info.json write after mkdir removes the lock again and reports an error', async () => {
    // the write into the lock dir fails (disk full, quota, ...): a `cat` of the received info that fails
    const failingWrite = hooked((script) => `cat() { [ $# -eq 0 ] && { command cat; return; }; return 1; }\n${script}`);
    const msg = await rejectionMessage(acquireLock(failingWrite, tmp(), info('run-1', 'alice'), opts()), Error);
    expect(msg).toContain('cannot create the deploy lock');
    expect(readdirSync(dirname(lockDir(tmp())))).toEqual([]); // neither the lock nor the received info
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts());
    expect((await holder()).runId).toBe('run-2');
  });

  // a run killed (or cut off) right after sending its acquire: sshd still runs the script, whose stdin
  // then ends early. The lock it took had an empty info.json: an "unknown holder" that no heartbeat
  // rule breaks, refused as stale after lock_ttl until someone re-ran with force-unlock
  it.each([
    ['nothing', ''],
    ['a cut-off part', '{"runId":"run-1","actor":"al'],
  ])('a client gone before its info arrived (%s on stdin): no lock left behind', async (_name, stdin) => {
    const r = await local.sh(acquireScript(lockDir(tmp())), { stdin, allowFailure: true });
    expect(r.code).not.toBe(0);
    expect(existsSync(lockDir(tmp()))).toBe(false);
    await acquireLock(local, tmp(), info('run-2', 'bob'), opts());
    expect((await holder()).runId).toBe('run-2');
    expect(readdirSync(dirname(lockDir(tmp())))).toEqual(['lock']);
  });

  it("a breaker that lost the race to break a dead lock does not break the winner's fresh lock", async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    let raced = false;
    // bob read the dead holder; before his break runs, dave breaks the lock and takes it
    const bob = hooked(async (script) => {
      if (raced || !script.includes('mv ')) return;
      raced = true;
      await acquireLock(local, tmp(), info('run-dave', 'dave'), opts());
    });
    const msg = await refusal(acquireLock(bob, tmp(), info('run-bob', 'bob'), opts()));
    expect(raced).toBe(true);
    expect(msg).toContain('run run-dave by dave');
    expect((await holder()).runId).toBe('run-dave');
  });

  it('a breaker that makes its claim in the dead dir while the winner removes it fails neither run', async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    // the racer's `mkdir .breaking` lands after rm emptied the renamed dir, before its rmdir
    const racer = `rm() { if [ -z "$raced" ]; then raced=1; command rm -rf "$2"/* "$2"/.[!.]*; mkdir "$2/.breaking"; rmdir "$2"; return; fi; command rm "$@"; }`;
    const bob = hooked((script) => (script.includes('.stale.') ? `${racer}\n${script}` : undefined));
    await acquireLock(bob, tmp(), info('run-bob', 'bob'), opts());
    expect((await holder()).runId).toBe('run-bob');
    expect(readdirSync(dirname(lockDir(tmp()))).sort()).toEqual(['lock']);
  });

  it('concurrent runs meeting a dead lock: exactly one takes it, the others name it', async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    const runs = ['a', 'b', 'c', 'd', 'e'].map((id) => acquireLock(local, tmp(), info(`run-${id}`, id), opts()));
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

  /** `local`, whose break script stops at the shell command `at` until the test lets it go on. */
  function pausedBreaker(at: 'date' | 'mv'): { exec: Executor; paused: () => Promise<void>; resume: () => Promise<void> } {
    const flag = (name: string): string => `${tmp()}/.pause-${name}`;
    const exec = hooked((script) =>
      script.includes('mv ') && !existsSync(flag('used'))
        ? `: > ${q(flag('used'))}; ${at}() { : > ${q(flag('ready'))}; while [ ! -e ${q(flag('go'))} ]; do sleep 0.02; done; command ${at} "$@"; }\n${script}`
        : undefined,
    );
    const paused = async (): Promise<void> => {
      while (!existsSync(flag('ready'))) await new Promise((r) => setTimeout(r, 10));
    };
    return { exec, paused, resume: () => writeFile(flag('go'), '') };
  }

  it('a breaker that checked the dead lock, then met it broken and a new one taken, leaves the new one alone', async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    // bob has checked the dead lock (content and heartbeat) and stops before acting on it
    const bob = pausedBreaker('date');
    const bobRun = refusal(acquireLock(bob.exec, tmp(), info('run-bob', 'bob'), opts()));
    await bob.paused();
    await acquireLock(local, tmp(), info('run-dave', 'dave'), opts());
    await bob.resume();
    expect(await bobRun).toContain('run run-dave by dave');
    expect((await holder()).runId).toBe('run-dave');
    expect(readdirSync(dirname(lockDir(tmp()))).sort()).toEqual(['lock']);
  });

  it('a run meeting another run breaking the dead lock waits for that break instead of breaking it too', async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    // bob has claimed the break and stops before the rename
    const bob = pausedBreaker('mv');
    const bobRun = acquireLock(bob.exec, tmp(), info('run-bob', 'bob'), opts());
    await bob.paused();
    const dave = hooked(() => undefined);
    let settled = false;
    const daveRun = acquireLock(dave, tmp(), info('run-dave', 'dave'), opts()).finally(() => (settled = true));
    while (!dave.scripts.some((s) => s.includes('mv '))) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 250));
    expect(settled).toBe(false);
    expect((await holder()).runId).toBe('dead-run');
    await bob.resume();
    const results = await Promise.allSettled([bobRun, daveRun]);
    const winner = (await holder()).runId;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(LockHeldError);
    expect(String(lost?.reason)).toContain(`run ${winner} by`);
    expect(readdirSync(dirname(lockDir(tmp()))).sort()).toEqual(['lock']);
  });

  it('a breaker killed between its claim and its rename: the next run takes the claim over once it is lock_ttl old, one winner', async () => {
    await acquireLock(local, tmp(), info('dead-run', 'carol'), opts());
    await silence(120);
    // bob's break script is killed (SIGKILL, the shell itself) right before its rename: the claim stays
    const bob = hooked((script) => (script.includes('mv ') ? `mv() { kill -KILL $$; }\n${script}` : undefined));
    await expect(acquireLock(bob, tmp(), info('run-bob', 'bob'), opts())).rejects.toThrow(/cannot break the stale deploy lock/);
    const claim = `${lockDir(tmp())}/.breaking`;
    expect(existsSync(claim)).toBe(true);
    // a claim younger than lock_ttl may be a live breaker's: the next run does not take it over
    const early = await rejectionMessage(acquireLock(local, tmp(), info('run-early', 'erin'), opts()), Error);
    expect(early).toContain('another run began breaking it and did not finish');
    expect((await holder()).runId).toBe('dead-run');
    // lock_ttl later, five runs at once: exactly one takes it, no claim or stale dir is left
    const old = new Date(Date.now() - 120_000);
    await utimes(claim, old, old);
    const runs = ['a', 'b', 'c', 'd', 'e'].map((id) => acquireLock(local, tmp(), info(`run-${id}`, id), opts()));
    const results = await Promise.allSettled(runs);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(['run-a', 'run-b', 'run-c', 'run-d', 'run-e']).toContain((await holder()).runId);
    expect(readdirSync(lockDir(tmp()))).toEqual(['info.json']);
    expect(readdirSync(dirname(lockDir(tmp()))).sort()).toEqual(['lock']);
  }, 120_000);

  it('a stale lock whose info cannot be compared fails instead of looping', async () => {
    await mkdir(lockDir(tmp()), { recursive: true });
    const bytes = Buffer.from(JSON.stringify({ ...oldInfo('old-run', 'carol'), actor: 'x' }).replace('"x"', '"\u0001"'));
    await writeFile(
      infoFile(),
      Buffer.concat([bytes.subarray(0, bytes.indexOf(1)), Buffer.from([0xff]), bytes.subarray(bytes.indexOf(1) + 1)]),
    );
    await silence(120);
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
    ["a run id that is a prefix of the holder's", 'run-10', 'run-1', false],
    ['a run id found in another field', 'run-1', 'run-2', false],
    ['a run id with quotes, $ and a newline', `it's "x" $HOME\n\\`, `it's "x" $HOME\n\\`, true],
  ])('releaseLock compares the run id exactly: %s', async (_name, holderId, runId, released) => {
    // the actor field carries the other run id's JSON fragment (escaped inside a value)
    await acquireLock(local, tmp(), { ...info(holderId, `"runId":"run-2"`), command: 'runId:run-2' }, opts());
    expect(await releaseLock(local, tmp(), runId)).toBe(released);
    expect(existsSync(lockDir(tmp()))).toBe(!released);
  });

  it('readLock reads holder, start and heartbeat on the host clock in one round trip', async () => {
    expect(await readLock(local, tmp())).toBeNull();
    await acquireLock(local, tmp(), info('run-1', 'alice', 5_000), opts());
    await silence(42);
    const counted = hooked(() => undefined);
    const held = (await readLock(counted, tmp()))!;
    expect(counted.scripts).toHaveLength(1);
    expect(held.info?.runId).toBe('run-1');
    expect(Math.round(held.silentMs / 1000)).toBeGreaterThanOrEqual(42);
    expect(Math.round(held.silentMs / 1000)).toBeLessThanOrEqual(43);
    expect(held.ageMs).toBeGreaterThanOrEqual(5_000);
    expect(Math.abs((await stat(infoFile())).mtimeMs - (Date.now() - 42_000))).toBeLessThan(1500);
  });
});

describe('lock policy (pure)', () => {
  const held = (silentS: number, heartbeatSeconds?: number): HeldLock => ({
    raw: '{}',
    info: { ...oldInfo('r', 'a'), ...(heartbeatSeconds ? { heartbeatSeconds } : {}) },
    ageMs: 0,
    silentMs: silentS * 1000,
  });

  it.each<[number, number]>([
    [120_000, 10_000],
    [1_800_000, 10_000],
    [30_000, 5_000],
    [6_000, 1_000],
    [1_000, 1_000],
  ])('heartbeat interval for lock_ttl %i ms is %i ms', (ttl, beat) => {
    expect(heartbeatIntervalMs(ttl)).toBe(beat);
  });

  it.each<[string, HeldLock, number, boolean, string]>([
    ['beating holder within lock_ttl', held(100, 10), 120_000, false, 'live'],
    ['beating holder past lock_ttl', held(121, 10), 120_000, false, 'break'],
    ['beating holder, force-unlock, 2 missed beats', held(29, 10), 120_000, true, 'live'],
    ['beating holder, force-unlock, 3 missed beats', held(31, 10), 120_000, true, 'break'],
    ['no heartbeat, within lock_ttl, force-unlock', held(100), 120_000, true, 'live'],
    ['no heartbeat, past lock_ttl', held(121), 120_000, false, 'refuse'],
    ['no heartbeat, past lock_ttl, force-unlock', held(121), 120_000, true, 'break'],
  ])('%s → %s', (_name, h, ttl, force, kind) => {
    expect(judgeLock(h, ttl, force).kind).toBe(kind);
  });
});
