/**
 * Passenger starts the app from <app_root>/passenger_wsgi.py. On real components (sshd, rsync, the
 * CLI), a commit without that file at app_root (moved in a restructuring, or app_root left at its
 * default) is refused before anything changes, naming where the file is; it used to go live.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a commit without passenger_wsgi.py at app_root', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-startup-file');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('is refused with exit 2 naming the file and where it is; the live release keeps serving', async () => {
    const { repoDir, path, repo } = await passengerApp(tmp, sshd.port, 'releases', '');
    const v1 = repo.commit('v1');
    const deploy = () => runCli(['deploy', '--repo', repoDir, '--json'], env);
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
    // a restructuring moves the app into backend/; the config still says app_root "."
    await mkdir(join(repoDir, 'backend'));
    await rename(join(repoDir, 'passenger_wsgi.py'), join(repoDir, 'backend', 'passenger_wsgi.py'));
    repo.commit('move the app into backend/');
    const moved = await deploy();
    expect(moved.code, moved.stderr).toBe(2);
    expect(moved.stderr).toContain('has no passenger_wsgi.py at app_root "."');
    expect(moved.stderr).toContain('backend/passenger_wsgi.py: set app_root: backend');
    expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v1}`);
    expect(JSON.parse(readFileSync(join(path, '.deploy', 'state.json'), 'utf8')).current).toBe(v1);
  });
});
