/**
 * A client killed right after sending its lock acquire (real sshd, real ssh): sshd still runs the
 * script, whose stdin then ends without the holder's info. It must not leave a lock behind: one
 * with an empty info.json is an unknown holder that no heartbeat rule breaks (refused as stale until
 * a force-unlock), and it was the open 'SIGKILL at plan' flake of key-never-on-disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDir } from '../../src/session/lock.js';
import { acquireScript } from '../../src/session/lock-scripts.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd', sshdAvailable());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** a process on the host side (not the ssh client itself) whose command line mentions `text` */
const mentioning = (text: string): boolean =>
  spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .some((l) => l.includes(text) && !l.startsWith('ps ') && !l.startsWith('ssh '));

describe.runIf(ready)('lock acquire of a client killed after sending it', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let sshArgs: string[] = [];

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gd-lock-killed');
    await writeFile(join(tmp, 'key'), sshd.clientKey, { mode: 0o600 });
    await writeFile(join(tmp, 'known_hosts'), sshd.knownHosts);
    sshArgs = ['-i', join(tmp, 'key'), '-p', String(sshd.port), '-o', `UserKnownHostsFile=${join(tmp, 'known_hosts')}`];
    sshArgs.push('-o', 'StrictHostKeyChecking=yes', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-F', '/dev/null');
  });
  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('the script still runs on the host after the kill, and takes no lock', async () => {
    const deployPath = join(tmp, 'app');
    await mkdir(deployPath);
    const dir = lockDir(deployPath);
    // the host is slow to start the acquire: the client is killed before its info is sent
    const script = `sleep 1; : > ${join(tmp, 'ran')}; ${acquireScript(dir)}`;
    const client = spawn('ssh', [...sshArgs, `root@${sshd.host}`, script], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((r) => client.once('exit', r));
    const deadline = Date.now() + 60_000;
    while (!mentioning(dir) && Date.now() < deadline) await sleep(20);
    expect(mentioning(dir), 'the acquire runs on the host').toBe(true);
    client.kill('SIGKILL');
    await exited;
    while (mentioning(dir) && Date.now() < deadline) await sleep(50);
    expect(existsSync(join(tmp, 'ran')), 'sshd ran the acquire after the kill').toBe(true);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});
