/** withLock: the resolved sha in the lock, the heartbeat while the run works, a lost lock, a lock left behind. */
import { existsSync } from 'node:fs';
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { handOffUnlock, phase, withLock } from '../../src/session/session.js';
import { lockDir } from '../../src/session/lock.js';
import type { ExecOptions, Executor } from '../../src/transport/types.js';
import { rejectionMessage } from './helpers/errors.js';
import { fakeSession } from './helpers/fake-session.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-with-lock');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHA = '0123456789abcdef0123456789abcdef01234567';
const infoFile = () => `${lockDir(tmp())}/info.json`;

describe('withLock', () => {
  it('records the sha, heart-beats while the run works longer than lock_ttl, releases at the end', async () => {
    const s = fakeSession(tmp(), { lock_ttl: 3_000 });
    await withLock(s, SHA, async () => {
      const info = JSON.parse(await readFile(infoFile(), 'utf8'));
      expect(info).toMatchObject({
        runId: expect.stringMatching(/^run-1\.[0-9a-f]{8}$/),
        sha: SHA,
        actor: 'alice',
        command: 'deploy',
        heartbeatSeconds: 1,
      });
      const old = new Date(Date.now() - 3_600_000);
      await utimes(infoFile(), old, old);
      await sleep(3_500); // longer than lock_ttl
      expect(Date.now() - (await stat(infoFile())).mtimeMs).toBeLessThan(2_000);
    });
    expect(existsSync(lockDir(tmp()))).toBe(false);
    expect(s.warnings).toEqual([]);
  });

  // the lock named its holder by the run id alone: GITHUB_RUN_ID, which the jobs and re-run attempts
  // of one workflow run share, or the CLI's pid (7 in two containers). A run whose dead-looking lock
  // another run of that id had broken and taken released the other run's lock at its end
  it('a lock taken over by another run with the same run id is neither released nor heart-beaten by this one', async () => {
    const a = fakeSession(tmp(), { lock_ttl: 3_000 });
    const b = fakeSession(tmp(), { lock_ttl: 3_000 });
    expect(b.settings.run.id).toBe(a.settings.run.id);
    let letGo = () => undefined as void;
    let bHolds: Promise<void> = Promise.resolve();
    await withLock(a, SHA, async () => {
      await rm(lockDir(tmp()), { recursive: true }); // a's lock broken as dead
      const held = new Promise<void>((r) => (letGo = r));
      bHolds = withLock(b, SHA, () => held);
      while (!existsSync(infoFile())) await sleep(20);
      await sleep(1_500); // a's heartbeat (every second) meets b's lock
    });
    expect(existsSync(infoFile())).toBe(true);
    expect(a.warnings.join('\n')).toMatch(/lock/);
    letGo();
    await bHolds;
    expect(existsSync(lockDir(tmp()))).toBe(false);
  });

  it('reads sent in the lock round trip reach the run with their own output and exit code', async () => {
    const s = fakeSession(tmp(), { lock_ttl: 3_000 });
    const seen: unknown[] = [];
    await withLock(s, SHA, async (sent) => void seen.push(sent), ["printf 'one\\n'", 'printf two; exit 3']);
    expect(seen).toEqual([
      [
        { code: 0, stdout: 'one\n', stderr: '' },
        { code: 3, stdout: 'two', stderr: '' },
      ],
    ]);
    // without reads, nothing is sent
    await withLock(s, SHA, async (sent) => void seen.push(sent));
    expect(seen[1]).toBeUndefined();
  });

  it.each([
    { said: true, releases: 0 },
    { said: false, releases: 1 },
  ])(
    'handOff: the run’s last script releases the lock; withLock releases it only when that was not said ($said)',
    async ({ said, releases }) => {
      const sent: string[] = [];
      const counting: Executor = {
        name: 'counting',
        run: (argv, o) => local.run(argv, o),
        sh: (script: string, o?: ExecOptions) => (sent.push(script), local.sh(script, o)),
        close: async () => undefined,
      };
      const s = fakeSession(tmp(), { lock_ttl: 3_000 }, counting);
      await withLock(
        s,
        SHA,
        async () => {
          const unlock = (await handOffUnlock(s))!;
          // the heartbeat is stopped before the script goes: nothing touches a released lock
          expect(s.heartbeat?.lost()).toBeUndefined();
          if (said) {
            await s.conn.exec.sh(unlock.script);
            unlock.released = true;
          }
        },
        undefined,
        { handOff: true },
      );
      expect(existsSync(lockDir(tmp()))).toBe(false);
      expect(sent.filter((x) => x.includes('rm -rf') && x.includes('grep -qF')).length).toBe(said ? 1 + releases : releases);
      expect(s.unlock).toBeUndefined();
      expect(s.warnings).toEqual([]);
      // without handOff there is nothing to hand off
      await withLock(s, SHA, async () => expect(await handOffUnlock(s)).toBeUndefined());
    },
  );

  it('a run whose lock was broken by another run starts no further phase', async () => {
    const s = fakeSession(tmp(), { lock_ttl: 1_000 });
    const msg = await rejectionMessage(
      withLock(s, SHA, async () => {
        await writeFile(
          infoFile(),
          JSON.stringify({
            runId: 'run-2',
            sha: SHA,
            actor: 'bob',
            command: 'deploy',
            time: new Date().toISOString(),
            heartbeatSeconds: 1,
          }),
        );
        await sleep(1_500);
        await phase(s, 'Switch', async () => undefined);
      }),
      Error,
    );
    expect(msg).toContain('no longer holds the deploy lock');
    expect(msg).toContain('stopped before Switch');
    expect(s.warnings.join('\n')).toContain('no longer holds the deploy lock');
    // the other run's lock is left alone
    expect(JSON.parse(await readFile(infoFile(), 'utf8')).runId).toBe('run-2');
  });

  it('a lock it cannot release is reported with when and how it goes away', async () => {
    const failingRelease: Executor = {
      name: 'cut',
      run: (argv, o) => local.run(argv, o),
      sh: (script: string, o?: ExecOptions) =>
        script.includes('rm -rf') && script.includes('grep') ? Promise.reject(new Error('SSH connection closed')) : local.sh(script, o),
      close: async () => undefined,
    };
    const s = fakeSession(tmp(), { lock_ttl: 120_000 }, failingRelease);
    await withLock(s, SHA, async () => undefined);
    expect(existsSync(lockDir(tmp()))).toBe(true);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toBe(
      'could not release the deploy lock of prod (SSH connection closed): its heartbeat has stopped, so the next run breaks it once it is 2m old (lock_ttl; with lock-wait it waits for that), or at once with force-unlock after 30s',
    );
  });
});
