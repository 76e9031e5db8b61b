/**
 * A state.json whose recorded pre-deploy backup path was corrupted or edited by hand, on real
 * components (a real sshd, the real CLI, rsync, sqlite3 on the host): `rollback --restore-db` must
 * not load a file outside the target's backups directory (nor write its scratch files beside it);
 * it stops with exit 2 before anything changes, and the database stays as it is.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate, onPath } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + sqlite3', sshdAvailable() && onPath('sqlite3'));

const fingerprint = (root: string): string =>
  execFileSync('find', [root, '-printf', '%y %P %s %l\\n'], { encoding: 'utf8' }).split('\n').sort().join('\n');
const sql = (db: string, query: string): string => execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();

describe.runIf(ready)('rollback --restore-db with a crafted backup path in state.json', () => {
  let sshd: SshdHandle;
  let tmp = '';

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-state-backup-path');
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('a recorded backup outside <path>/backups (../ or another directory) is refused with exit 2, nothing restored or written there', async () => {
    const root = join(tmp, 'app');
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', '    backup: {engine: sqlite, path: data.sqlite3}\n');
    const db = join(path, 'data.sqlite3');
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const cli = (...args: string[]) => runCli([...args, '--repo', repoDir, '--json'], env);
    await mkdir(path, { recursive: true });
    sql(db, "create table t(v text); insert into t values ('v1');");
    repo.commit('v1');
    const first = await cli('deploy');
    expect(first.code, first.stderr).toBe(0);
    await writeFile(join(repoDir, 'VERSION'), '2\n');
    repo.commit('v2');
    const second = await cli('deploy');
    expect(second.code, second.stderr).toBe(0);
    sql(db, "update t set v = 'live';");

    // the pre-deploy backup of v2 (the v1-time data), copied with its sidecar to a directory outside the target
    const statePath = join(path, '.deploy', 'state.json');
    const good = JSON.parse(readFileSync(statePath, 'utf8'));
    const recorded: string = good.releases.find((r: { backup?: unknown }) => r.backup).backup.file;
    const name = recorded.split('/').pop()!;
    const outside = join(root, 'outside');
    await mkdir(outside);
    copyFileSync(recorded, join(outside, name));
    copyFileSync(`${recorded}.json`, join(outside, `${name}.json`));

    for (const file of [join(path, 'backups', '..', '..', 'outside', name), join(outside, name)]) {
      const edited = {
        ...good,
        releases: good.releases.map((r: { backup?: object }) => (r.backup ? { ...r, backup: { ...r.backup, file } } : r)),
      };
      const text = `${JSON.stringify(edited, null, 2)}\n`;
      await writeFile(statePath, text);
      const [before, beforeOutside] = [fingerprint(path), fingerprint(outside)];
      const r = await cli('rollback', '--restore-db');
      expect(r.code, `${file}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`"${file}" is not a backup file in ${join(path, 'backups')}`);
      expect(sql(db, 'select v from t;')).toBe('live');
      expect(fingerprint(path)).toBe(before);
      expect(fingerprint(outside)).toBe(beforeOutside);
      expect(readdirSync(outside).sort()).toEqual([name, `${name}.json`].sort());
      expect(readFileSync(statePath, 'utf8')).toBe(text);
    }

    // the path as recorded restores (the check does not refuse the real thing)
    await writeFile(statePath, `${JSON.stringify(good, null, 2)}\n`);
    const ok = await cli('rollback', '--restore-db');
    expect(ok.code, ok.stderr).toBe(0);
    expect(sql(db, 'select v from t;')).toBe('v1');
  });
});
