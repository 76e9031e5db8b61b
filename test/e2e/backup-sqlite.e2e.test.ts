import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const exec = new LocalExecutor();
const available =
  existsSync('/usr/bin/sqlite3') ||
  (await exec.run(['sqlite3', '-version'], { allowFailure: true }).then(
    (r) => r.code === 0,
    () => false,
  ));
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const spec: BackupSpec = { engine: 'sqlite', path: 'data/app.sqlite3', keep: 3 };

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const sql = async (db: string, text: string) => (await exec.run(['sqlite3', '-bail', db], { stdin: text })).stdout.trim();

/**
 * Inserts rows in small committed transactions until stopped (a live app writing). The short pause
 * is what a real app leaves between writes: in rollback-journal mode a writer committing back to
 * back starves readers (the backup then waits on its 30 s busy timeout and fails rather than copy).
 */
function startWriter(db: string) {
  const code = `import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=60)
i = 0
while True:
    c.execute("INSERT INTO t(name) VALUES (?)", ("live-%d" % i,))
    c.commit()
    i += 1
    if i == 1: print("writing", flush=True)
    time.sleep(0.002)`;
  const child = spawn(PYTHON, ['-c', code, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { started, stop: () => child.kill('SIGTERM') };
}

describe.runIf(gate('sqlite3', available))('backup e2e: SQLite on the host', () => {
  let root: string;
  let n = 0;
  const ctx = async (): Promise<BackupContext> => {
    const deployPath = await mkdtemp(path.join(root, `deploy-${n++}-`));
    await mkdir(path.join(deployPath, 'data'));
    return { deployPath, target: 'site', sha: SHA, now: new Date('2025-02-03T04:05:06Z') };
  };
  const seed = async (c: BackupContext, extra = '') => {
    const db = path.join(c.deployPath, spec.path ?? '');
    await sql(db, `${extra}CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t(name) VALUES ('a'), ('b'), ('c');`);
    return db;
  };

  beforeAll(async () => {
    root = await makeTempDir('gd-backup-sqlite');
  });
  afterAll(async () => {
    if (root) await removeTree(root);
  });

  it('online backup: named, hashed, integrity-checked, restorable', async () => {
    const c = await ctx();
    await seed(c);
    const result = await runBackup(exec, spec, c);
    expect(path.basename(result.file)).toMatch(/^site-20250203T040506Z-fedcba987654\.sqlite3\.gz$/);
    expect(result.sha256).toBe(await sha256(result.file));
    const sidecar = JSON.parse(await readFile(`${result.file}.json`, 'utf8'));
    expect(sidecar).toMatchObject({ engine: 'sqlite', database: path.join(c.deployPath, 'data/app.sqlite3'), verified: true });
    expect(sidecar.sha256).toBe(result.sha256);

    const scratch = path.join(c.deployPath, 'scratch.sqlite3');
    await restoreBackup(exec, spec, c, result.file, { database: scratch });
    expect(await sql(scratch, 'SELECT COUNT(*) FROM t;')).toBe('3');
    expect(await readdir(path.join(c.deployPath, 'backups'))).toHaveLength(2);
  });

  for (const mode of ['DELETE', 'WAL']) {
    it(`a database being written during the backup (journal_mode=${mode}) still passes integrity_check`, async () => {
      const c = await ctx();
      const db = await seed(c, `PRAGMA journal_mode=${mode};`);
      await sql(
        db,
        `WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 150000)
        INSERT INTO t(name) SELECT printf('%0200d', x) FROM s;`,
      );
      const writer = startWriter(db);
      try {
        await writer.started;
        const result = await runBackup(exec, spec, c);
        const scratch = path.join(c.deployPath, 'scratch.sqlite3');
        await restoreBackup(exec, spec, c, result.file, { database: scratch });
        expect(await sql(scratch, 'PRAGMA integrity_check;')).toBe('ok');
        expect(Number(await sql(scratch, 'SELECT COUNT(*) FROM t;'))).toBeGreaterThan(150003);
      } finally {
        writer.stop();
      }
    });
  }

  // a database file that was gone (deleted, a volume recreated) was created again by the restore with
  // the login's owner and umask (root, 0644): the app, another user, then failed on its first write
  // ("attempt to write a readonly database"). The app crashed first: its -wal must not come back either.
  it("a restore that creates the database file again gives it its directory's owner and mode; a stale -wal is not replayed", async () => {
    const c = await ctx();
    const db = await seed(c, 'PRAGMA journal_mode=WAL;');
    const data = path.dirname(db);
    const nobody = (text: string) => exec.run(['runuser', '-u', 'nobody', '--', 'sqlite3', '-bail', db], { stdin: text });
    await chmod(c.deployPath, 0o755);
    await exec.run(['chown', '-R', 'nobody:nogroup', data]);
    await chmod(data, 0o2770);
    await chmod(db, 0o660);
    const result = await runBackup(exec, spec, c);
    // the app writes, then dies without a checkpoint: its -wal holds a table made after the backup
    const crash = `import sqlite3, os
c = sqlite3.connect('${db}'); c.execute('PRAGMA wal_autocheckpoint=0'); c.execute('CREATE TABLE later (x)'); c.commit(); os._exit(0)`;
    await exec.run(['runuser', '-u', 'nobody', '--', PYTHON, '-c', crash]);
    expect(existsSync(`${db}-wal`)).toBe(true);
    await rm(db);

    await restoreBackup(exec, spec, c, result.file);
    const st = await stat(db);
    const dir = await stat(data);
    expect([st.uid, st.gid, (st.mode & 0o7777).toString(8)]).toEqual([dir.uid, dir.gid, '660']);
    await nobody("INSERT INTO t(name) VALUES ('d');");
    expect(await sql(db, "SELECT group_concat(name) FROM t; SELECT group_concat(name) FROM sqlite_master WHERE type = 'table';")).toBe(
      'a,b,c,d\nt',
    );
  });

  it('a missing database file fails with BackupError and leaves nothing in backups/', async () => {
    const c = await ctx();
    const err = await runBackup(exec, spec, c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).stderr).toMatch(/sqlite database not found/);
    expect(await readdir(path.join(c.deployPath, 'backups'))).toEqual([]);
    expect(existsSync(path.join(c.deployPath, 'data/app.sqlite3'))).toBe(false);
  });

  // the runner's clock names the backup and was retention's only "now": 30 days ahead, its new backup
  // became the newest, `within` measured from it, and every real backup was deleted
  it('a runner clock 30 days ahead: retention (keep within 7d) deletes none of the real backups', async () => {
    const c = await ctx();
    await seed(c);
    const dir = path.join(c.deployPath, 'backups');
    await mkdir(dir);
    const day = 86_400_000;
    const real = [1, 2].map((k) => {
      const stamp = new Date(Date.now() - k * day)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
      return `site-${stamp}-0123456789ab.sqlite3.gz`;
    });
    for (const name of real) {
      await writeFile(path.join(dir, name), 'an earlier backup');
      await writeFile(
        path.join(dir, `${name}.json`),
        JSON.stringify({ engine: 'sqlite', sha256: '0'.repeat(64), size: 17, verified: true }),
      );
    }
    const ahead = new Date(Date.now() + 30 * day);
    const result = await runBackup(exec, { ...spec, keep: { within: 7 * day } }, { ...c, now: ahead });
    expect(result.retention.deleted).toEqual([]);
    for (const name of real) expect(existsSync(path.join(dir, name)), name).toBe(true);
    expect(existsSync(result.file)).toBe(true);
  });
});
