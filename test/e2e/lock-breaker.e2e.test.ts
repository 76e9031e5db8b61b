/**
 * The deploy lock's break on real components (a real sshd, the real CLI): a holder SIGKILLed while
 * holding the lock, then a breaker killed between its claim (`.breaking` in the dead lock) and its
 * rename. The next run must not need anyone to remove the lock by hand: once the claim is lock_ttl
 * old it takes the break over, breaks the lock, names the dead holder and deploys.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a breaker killed between its claim and its rename', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-lock-breaker');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('the next run takes the dead claim over once lock_ttl old, breaks the dead lock naming its holder, and deploys', async () => {
    const { repoDir, path, repo } = await passengerApp(join(tmp, 'app'), sshd.port, 'releases', '    lock_ttl: 10s\n');
    const args = ['deploy', '--repo', repoDir, '--json'];
    repo.commit('v1');
    expect((await runCli(args, env)).code).toBe(0);
    await writeFile(join(repoDir, 'VERSION'), '2\n');
    const v2 = repo.commit('v2');
    // the holder dies holding the lock
    const holder = pausedRun(args, env, 'upload', tmp);
    await holder.reached;
    const lock = join(path, '.deploy', 'lock');
    const runId = JSON.parse(readFileSync(join(lock, 'info.json'), 'utf8')).runId as string;
    holder.child.kill('SIGKILL');
    await holder.done;
    await holder.resume();
    // a breaker claimed the break, then was killed before its rename; both lock_ttl ago
    await mkdir(join(lock, '.breaking'));
    const old = new Date(Date.now() - 30_000);
    await utimes(join(lock, 'info.json'), old, old);
    await utimes(join(lock, '.breaking'), old, old);
    const r = await runCli([...args, '--lock-wait', '60'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings.join('\n')).toContain(`broke the deploy lock of a dead holder: run ${runId}`);
    expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v2}`);
    expect(existsSync(lock)).toBe(false);
  });
});
