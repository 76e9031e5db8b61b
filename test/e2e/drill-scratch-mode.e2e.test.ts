/**
 * The restore drill's scratch copy of a SQLite database, on real components (a real sshd, the real
 * CLI, sqlite3 on the host): a full copy of the production data, so it is private to the deploy
 * user (0600) like the backups themselves, also when the backups directory is 0755 (made by hand).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate, onPath } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + sqlite3', sshdAvailable() && onPath('sqlite3'));

describe.runIf(ready)('restore --drill of a SQLite backup', () => {
  let sshd: SshdHandle;
  let tmp = '';

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-drill-scratch');
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('its scratch database is never readable by group or others (a 0755 backups dir, umask 022)', async () => {
    const { repoDir, path, repo } = await passengerApp(
      join(tmp, 'app'),
      sshd.port,
      'releases',
      '    backup: {engine: sqlite, path: data.sqlite3}\n',
    );
    const backups = join(path, 'backups');
    await mkdir(backups, { recursive: true });
    await chmod(backups, 0o755);
    execFileSync('sqlite3', [join(path, 'data.sqlite3'), "create table secret(v text); insert into secret values ('pii');"]);
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    repo.commit('v1');
    const backup = await runCli(['backup', '--repo', repoDir, '--json'], env);
    expect(backup.code, backup.stderr).toBe(0);

    // every scratch file seen while the drill runs, with its mode
    const seen = new Map<string, number>();
    const poll = setInterval(() => {
      for (const name of readdirSync(backups).filter((n) => n.startsWith('.gd-drill-'))) {
        try {
          seen.set(name, statSync(join(backups, name)).mode & 0o777);
        } catch {
          // removed between the listing and the stat
        }
      }
    }, 2);
    try {
      const drill = await runCli(['restore', '--drill', '--repo', repoDir, '--json'], env);
      expect(drill.code, drill.stderr).toBe(0);
    } finally {
      clearInterval(poll);
    }
    expect(seen.size).toBeGreaterThan(0);
    for (const [name, mode] of seen) expect(mode & 0o077, `${name} mode ${mode.toString(8)}`).toBe(0);
    expect(readdirSync(backups).filter((n) => n.startsWith('.gd-'))).toEqual([]);
  });
});
