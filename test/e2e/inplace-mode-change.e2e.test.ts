/**
 * In place, the live tree shares its inodes with the hard-link snapshots of earlier releases
 * (.deploy/snapshots/<id>): a commit that only flips a file's executable bit must not chmod the
 * shared inode, or every snapshot holding it (and so the rollback or the undo restoring it) gets the
 * new mode. On a real sshd + rsync, passenger in place (no web server, restart by touch).
 */
import { statSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());
const LONG = 180_000;

const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);

describe.runIf(ready)('in place: an executable-bit change leaves the snapshots of earlier releases as they were', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-inplace-mode');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it(
    'deploy +x, deploy -x, rollback: each snapshot keeps its release mode, and the rollback brings the executable bit back',
    async () => {
      const { repoDir, path, repo } = await passengerApp(join(tmp, 'app'), sshd.port, 'in-place', '', 5);
      const cli = (...args: string[]) => runCli([...args, '--repo', repoDir], env);
      const script = join(repoDir, 'manage.sh');
      const snapshot = (sha: string) => join(path, '.deploy', 'snapshots', sha, 'manage.sh');
      await writeFile(script, '#!/bin/sh\necho ok\n');
      await chmod(script, 0o644);
      const v0 = repo.commit('v0: manage.sh not executable');
      const r0 = await cli('deploy');
      expect(r0.code, r0.stderr).toBe(0);
      await chmod(script, 0o755);
      const v1 = repo.commit('v1: manage.sh executable, same content');
      const r1 = await cli('deploy');
      expect(r1.code, r1.stderr).toBe(0);
      expect(mode(join(path, 'manage.sh'))).toBe('755');
      expect(mode(snapshot(v0))).toBe('644');
      await chmod(script, 0o644);
      const v2 = repo.commit('v2: not executable again');
      const r2 = await cli('deploy');
      expect(r2.code, r2.stderr).toBe(0);
      expect(mode(join(path, 'manage.sh'))).toBe('644');
      expect(mode(snapshot(v1))).toBe('755');
      expect(mode(snapshot(v0))).toBe('644');
      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect(back.stderr + back.stdout).toContain(`rolled back t from ${v2.slice(0, 12)} to ${v1.slice(0, 12)}`);
      expect(mode(join(path, 'manage.sh'))).toBe('755');
      // the rollback took a snapshot of v2 first: restoring v1 did not chmod it either
      expect(mode(snapshot(v2))).toBe('644');
      expect(mode(snapshot(v0))).toBe('644');
    },
    LONG,
  );
});
