/**
 * SQLite backups over real SSH by a login that is not the app's user: the app runs as `nobody`, its
 * data directory is 2770 nobody:nogroup, its database 0644 (the app's umask), and the SSH user is
 * another non-root user in that group.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../src/backup/restore.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { connectHost, type HostConnection } from '../../src/transport/connect.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const USER = `gdsqlwal${process.pid}`;
const NOGROUP = 65534;
const PYTHON = '/usr/bin/python3';
const available = sshdAvailable() && existsSync('/usr/bin/sqlite3') && existsSync(PYTHON);
const spec: BackupSpec = { engine: 'sqlite', path: 'data/app.sqlite3', keep: 3 };

/** sqlite3 as the app's user; throws on failure (e.g. "attempt to write a readonly database") */
const asApp = (db: string, text: string) =>
  execFileSync('runuser', ['-u', 'nobody', '--', 'sqlite3', '-bail', db], { input: text, encoding: 'utf8' }).trim();

describe.runIf(gate('sshd, sqlite3, python3', available))('SQLite backup by an SSH user that is not the app user', () => {
  let sshd: SshdHandle;
  let conn: HostConnection;
  let root = '';
  let userMade = false;
  let n = 0;

  /** deploy path owned by the SSH user; data/ 2770 nobody:nogroup; a WAL database 0644 made by the app */
  const site = async (): Promise<{ ctx: BackupContext; db: string }> => {
    const deployPath = path.join(root, `site-${n++}`);
    await mkdir(path.join(deployPath, 'data'), { recursive: true });
    execFileSync('chown', [`${USER}:nogroup`, deployPath]);
    await chown(path.join(deployPath, 'data'), NOGROUP, NOGROUP);
    await chmod(path.join(deployPath, 'data'), 0o2770);
    const db = path.join(deployPath, spec.path ?? '');
    execFileSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', 'umask 022 && sqlite3 -bail "$0"', db], {
      input: "PRAGMA journal_mode=WAL; CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('a'), ('b');",
    });
    return { ctx: { deployPath, target: 'site', sha: 'ab'.repeat(20), now: new Date() }, db };
  };

  beforeAll(async () => {
    root = await makeTempDir('gd-sqlite-other-user');
    await chmod(root, 0o755);
    execFileSync('useradd', ['-M', '-N', '-g', 'nogroup', '-d', '/nonexistent', '-s', '/bin/sh', USER]);
    userMade = true;
    execFileSync('usermod', ['-p', '*', USER]); // not locked: sshd without PAM refuses locked accounts
    sshd = await startSshd();
    conn = await connectHost({ host: `${USER}@127.0.0.1`, port: sshd.port, privateKey: sshd.clientKey, knownHosts: sshd.knownHosts });
  }, 60_000);

  afterAll(async () => {
    await conn?.cleanup();
    await sshd?.stop();
    if (userMade) execFileSync('userdel', [USER]);
    if (root) await removeTree(root);
  });

  // the backup's plain open created data/app.sqlite3-wal and -shm owned by the SSH user, mode 0644 (the
  // database's): it could not checkpoint them away, and the app then failed every write with
  // "attempt to write a readonly database"
  it('a backup of an idle WAL database leaves no -wal/-shm behind: the app still writes', async () => {
    const { ctx, db } = await site();
    const result = await runBackup(conn.exec, spec, ctx);
    expect((await readdir(path.dirname(db))).sort()).toEqual(['app.sqlite3']);
    expect(asApp(db, "INSERT INTO t VALUES ('c'); SELECT group_concat(name) FROM t;")).toBe('a,b,c');

    const scratch = path.join(ctx.deployPath, 'scratch.sqlite3');
    await restoreBackup(conn.exec, spec, ctx, result.file, { database: scratch });
    expect(execFileSync('sqlite3', [scratch, 'SELECT group_concat(name) FROM t;'], { encoding: 'utf8' }).trim()).toBe('a,b');
  });

  it('a backup while the app holds committed rows only in its -wal copies them, and the app keeps writing', async () => {
    const { ctx, db } = await site();
    const code = `import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_autocheckpoint=0')
c.execute("INSERT INTO t VALUES ('in-wal')"); c.commit(); print('ready', flush=True); sys.stdin.read()
c.execute("INSERT INTO t VALUES ('after')"); c.commit(); c.close()`;
    const app = spawn('runuser', ['-u', 'nobody', '--', 'sh', '-c', 'umask 022 && exec "$0" "$@"', PYTHON, '-c', code, db], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => app.once('exit', resolve));
    try {
      await new Promise<void>((resolve) => app.stdout.once('data', () => resolve()));
      const result = await runBackup(conn.exec, spec, ctx);
      const scratch = path.join(ctx.deployPath, 'scratch.sqlite3');
      await restoreBackup(conn.exec, spec, ctx, result.file, { database: scratch });
      expect(execFileSync('sqlite3', [scratch, 'SELECT group_concat(name) FROM t;'], { encoding: 'utf8' }).trim()).toBe('a,b,in-wal');
    } finally {
      app.stdin.end();
    }
    expect(await exited).toBe(0);
    expect(asApp(db, 'SELECT group_concat(name) FROM t;')).toBe('a,b,in-wal,after');
  });

  // what already held: the login cannot write the app's 0644 file, so the restore fails before it
  // changes anything, and it leaves no -wal/-shm behind either
  it('a restore over a database the SSH user cannot write fails, and leaves the database and its directory as they were', async () => {
    const { ctx, db } = await site();
    const result = await runBackup(conn.exec, spec, ctx);
    asApp(db, "INSERT INTO t VALUES ('c');");
    const err = await restoreBackup(conn.exec, spec, ctx, result.file).catch((e: unknown) => e);
    expect(String((err as Error).message ?? err)).toMatch(/readonly database/);
    expect((await readdir(path.dirname(db))).sort()).toEqual(['app.sqlite3']);
    expect(asApp(db, "INSERT INTO t VALUES ('d'); SELECT group_concat(name) FROM t;")).toBe('a,b,c,d');
  });
});
