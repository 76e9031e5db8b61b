/**
 * `doctor`'s free-disk check over a real sshd, where backups live on their own small file system
 * (a 50 MB tmpfs the backups directory is a symlink to): the deploy path's disk has room, the
 * backups' does not, and doctor must say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

/** Whether this machine lets the test mount a tmpfs (root in a container that allows it). */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = execFileSync('mktemp', ['-d']).toString().trim();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  spawnSync('rmdir', [probe]);
  return ok;
}

const ready = gate('sshd + tmpfs mounts', sshdAvailable() && canMountTmpfs());

describe.runIf(ready)('doctor: free disk where the backups go', { timeout: 120_000 }, () => {
  let sshd: SshdHandle;
  let tmp = '';
  let mounted = '';

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-doctor-disk');
    await mkdir(join(tmp, 'app', 'shared'), { recursive: true });
    await mkdir(join(tmp, 'small'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=50m', 'tmpfs', join(tmp, 'small')]);
    mounted = join(tmp, 'small');
    await symlink(join(tmp, 'small'), join(tmp, 'app', 'backups'));
    sshd = await startSshd();
    await writeFile(
      join(tmp, 'deploy.yml'),
      `version: 1\ntargets:\n  production:\n    strategy: passenger\n    host: root@127.0.0.1\n    port: ${sshd.port}\n    path: ${join(tmp, 'app')}\n` +
        `    backup: {engine: sqlite, path: shared/db.sqlite3}\n`,
    );
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    if (mounted) spawnSync('umount', [mounted]);
    if (tmp) await removeTree(tmp);
  });

  it('the backups directory on a 50 MB file system: free disk fails naming it, the deploy path is listed too', async () => {
    const r = await runCli(['doctor', '--config', join(tmp, 'deploy.yml'), '--target', 'production', '--json'], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
    });
    const disk = r.json.doctor.filter((c: { check: string }) => c.check === 'free disk');
    expect(disk).toHaveLength(1);
    expect(disk[0].status, JSON.stringify(disk)).toBe('fail');
    expect(disk[0].detail).toMatch(new RegExp(`free under ${join(tmp, 'app')}; 50(\\.0)? MiB free under ${join(tmp, 'app', 'backups')}$`));
    expect(r.code).toBe(1);
  });
});
