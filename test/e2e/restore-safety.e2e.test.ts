/**
 * `restore` where the database is in trouble, over a real sshd with real SQLite: the database file
 * is gone (the case a deploy stops on and tells the user to restore first), and a restore that
 * fails after its safety backup (the disk fills up: the backups directory is a small tmpfs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable } from './harness/docker.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + sqlite3', sshdAvailable() && existsSync('/usr/bin/sqlite3'));
const docker = gate('sshd + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sql = (db: string, text: string) => execFileSync('sqlite3', ['-bail', db, text], { encoding: 'utf8' }).trim();

describe.runIf(ready)('restore when the database is in trouble (real sshd, real SQLite)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let disk = '';
  let configPath = '';
  let env: Record<string, string> = {};
  const cli = (...args: string[]) => runCli([...args, '--config', configPath, '--json'], env);

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-restore-safety');
    disk = join(tmp, 'disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', `gd-restore-${randomBytes(3).toString('hex')}`, disk]);
    const target = (name: string, path: string, keep = 5) => `  ${name}:
    strategy: compose
    host: root@127.0.0.1
    port: ${sshd.port}
    path: ${path}
    backup: {engine: sqlite, path: shared/db.sqlite3, keep: ${keep}}
`;
    configPath = join(tmp, 'deploy.yml');
    await writeFile(
      configPath,
      `version: 1\ncompose: {project: gdrestore}\ntargets:\n${target('gone', join(tmp, 'gone'))}${target('full', disk)}${target('rot', join(tmp, 'rot'), 2)}`,
    );
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (disk) spawnSync('umount', ['-l', disk]);
    if (tmp) await removeTree(tmp);
  });

  it('a SQLite database that is gone is restored (there is nothing for a safety backup to save)', async () => {
    const db = join(tmp, 'gone', 'shared', 'db.sqlite3');
    await mkdir(join(tmp, 'gone', 'shared'), { recursive: true });
    sql(db, 'CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3);');
    const taken = await cli('backup', '--target', 'gone');
    expect(taken.code, taken.stderr).toBe(0);
    await rm(db);

    const r = await cli('restore', '--target', 'gone', '--confirm', 'gone');
    expect(r.code, r.stderr).toBe(0);
    expect(sql(db, 'SELECT count(*) FROM t')).toBe('3');
    expect(r.stdout).toMatch(/no safety backup: .*does not exist/);
    expect(readdirSync(join(tmp, 'gone', 'backups')).filter((n) => !n.startsWith('.'))).toEqual([
      taken.json.backup.file.split('/').pop(),
      `${taken.json.backup.file.split('/').pop()}.json`,
    ]);
  });

  // the safety backup (and its retention) came before the check of the backup to restore: with keep: 2,
  // restoring a damaged newest backup deleted the older good one, then failed on the damaged file
  it('a damaged backup is refused before the safety backup: its retention deletes no good backup', async () => {
    const db = join(tmp, 'rot', 'shared', 'db.sqlite3');
    await mkdir(join(tmp, 'rot', 'shared'), { recursive: true });
    sql(
      db,
      `CREATE TABLE t (x); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) INSERT INTO t SELECT hex(randomblob(50)) FROM s;`,
    );
    const older = await cli('backup', '--target', 'rot');
    const newer = await cli('backup', '--target', 'rot');
    expect(older.code, older.stderr).toBe(0);
    expect(newer.code, newer.stderr).toBe(0);
    const damaged: string = newer.json.backup.file;
    const bytes = await readFile(damaged);
    for (let i = 100; i < 200; i++) bytes[i] = bytes[i]! ^ 0xff;
    await writeFile(damaged, bytes);
    const before = readdirSync(join(tmp, 'rot', 'backups')).sort();

    const r = await cli('restore', '--target', 'rot', '--confirm', 'rot', '--backup', damaged.split('/').pop()!);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/corrupt|sha256 does not match/);
    expect(existsSync(older.json.backup.file)).toBe(true);
    expect(readdirSync(join(tmp, 'rot', 'backups')).sort()).toEqual(before);
    expect(sql(db, 'SELECT count(*) FROM t')).toBe('2000');
  });

  it('a restore that fails after the safety backup (disk full) names the safety backup; the database is intact', async () => {
    const db = join(disk, 'shared', 'db.sqlite3');
    await mkdir(join(disk, 'shared'), { recursive: true });
    // ~1 MiB of random text (about 0.5 MiB gzip'd); then the database shrinks to a tenth of it: the
    // disk keeps room for the small safety backup, not for the restore's decompressed copy of the backup
    sql(
      db,
      `CREATE TABLE t (x); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) INSERT INTO t SELECT hex(randomblob(500)) FROM s;`,
    );
    const taken = await cli('backup', '--target', 'full');
    expect(taken.code, taken.stderr).toBe(0);
    sql(db, 'DELETE FROM t WHERE rowid > 100; VACUUM;');
    const free = Number(execFileSync('df', ['-B1', '--output=avail', disk], { encoding: 'utf8' }).split('\n')[1]);
    await writeFile(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 600_000)));

    const r = await cli('restore', '--target', 'full', '--confirm', 'full');
    expect(r.code).not.toBe(0);
    const safety: string = r.json.backup.file.split('/').pop();
    expect(safety).not.toBe(taken.json.backup.file.split('/').pop());
    expect(existsSync(join(disk, 'backups', safety))).toBe(true);
    expect(r.stderr).toContain(`safety backup ${safety}`);
    expect(r.stderr).toContain(`--backup ${safety}`);
    // the safety backup is now the newest: a retry must name the backup it meant
    expect(r.stderr).toContain(`to retry, name the backup: restore --backup ${taken.json.backup.file.split('/').pop()} --confirm full`);
    expect(sql(db, 'SELECT count(*) FROM t')).toBe('100');
    expect(sql(db, 'PRAGMA integrity_check')).toBe('ok');
  });
});

interface Release {
  id: string;
  backup?: { file: string };
}

describe.runIf(docker)('restore racing a deploy (real sshd, docker compose, SQLite; keep: 1)', () => {
  const ctx = composeSiteOnSshd('gdrestrace', { backup: 'backup: {engine: sqlite, path: shared/db.sqlite3, keep: 1}' });
  let tmp = '';
  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-restore-race');
  });
  afterAll(async () => {
    if (tmp) await removeTree(tmp);
  });

  // the restore read the deploy state before it waited for the lock: the backups a rollback needs were
  // those of the state before the deploy, and the safety backup's retention deleted the deploy's own
  it("a restore that waited for a deploy (lock-wait) keeps that deploy's pre-deploy backup", async () => {
    const { site } = ctx;
    const releases = () => (site.state() as unknown as { releases: Release[] }).releases;
    const firstBackup = releases()[0]!.backup!.file;
    const sha = await site.repo.commit('during a restore', { 'app/templates/index.html': '<h1>raced</h1>\n' });
    const deploy = pausedRun(site.args(), site.env, 'upload', tmp);
    await deploy.reached; // holds the lock, its pre-deploy backup taken
    const restoreArgs = ['restore', '--repo', site.repo.dir, '--target', 'vps', '--json', '--confirm', 'vps'];
    const restore = spawnCli([...restoreArgs, '--backup', firstBackup.split('/').pop()!, '--lock-wait', '300'], site.env);
    while (!restore.stderr().includes('▶ Lock') && restore.child.exitCode === null) await sleep(200);
    await sleep(1_000);
    await deploy.resume();
    const d = await deploy.done;
    const r = await restore.done;
    expect(d.code, d.stderr).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    const deployed = releases().find((x) => x.id === sha)!;
    expect(site.state().current).toBe(sha);
    // rollback --restore-db from this release restores it: it must still be there
    expect(existsSync(deployed.backup!.file), `${deployed.backup!.file} deleted`).toBe(true);
    expect(r.stdout).toContain(`pre-deploy backup of release ${sha.slice(0, 12)}`);
  }, 600_000);
});
