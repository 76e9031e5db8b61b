/**
 * Issue #5 on real components: `gitops-deploy backup` / `restore` over a real sshd against real
 * MariaDB, PostgreSQL and SQLite — retention policy on a fixture of dated backups, restore drill
 * (passes on a good backup, fails the run on a corrupted one), restore with confirm and a safety
 * backup, the off-site download streamed over the run's SSH connection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from '../../src/backup/download.js';
import { connectHost } from '../../src/transport/connect.js';
import { runCli } from './harness/cli.js';
import { pausedRun } from './harness/pause.js';
import {
  createMariadbDb,
  createPostgresDb,
  dropMariadbDb,
  dropPostgresDb,
  ensureMariadb,
  ensurePostgres,
  mariadbQuery,
  postgresQuery,
} from './harness/databases.js';
import { uniqueProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate(
  'sshd + MariaDB + PostgreSQL + sqlite3',
  sshdAvailable() && (await ensureMariadb()) && (await ensurePostgres()) && existsSync('/usr/bin/sqlite3'),
);
const id = randomBytes(3).toString('hex');
const DB = `gd_bkcmd_${id}`;
const PROJECT = uniqueProject('gdbkcmd');
const PASSWORD = `pw'"${id} $x`;

function configYaml(port: number, root: string): string {
  const target = (name: string, backup: string) => `  ${name}:
    strategy: compose
    host: root@127.0.0.1
    port: ${port}
    path: ${root}/${name}
    backup: ${backup}
`;
  return `version: 1
compose: {project: ${PROJECT}}
targets:
${target('maria', `{engine: mariadb, database: ${DB}, user: ${DB}, host: 127.0.0.1, keep: {last: 2, daily: 2, weekly: 2, monthly: 3}}`)}${target('pg', `{engine: postgres, database: ${DB}, user: ${DB}, host: 127.0.0.1, keep: 5}`)}${target('lite', `{engine: sqlite, path: shared/db.sqlite3, keep: 3, drill_query: "SELECT count(*) FROM t WHERE x > 100"}`)}${target('same', '{engine: sqlite, path: shared/db.sqlite3, keep: 20}')}${target('skew', '{engine: sqlite, path: shared/db.sqlite3, keep: 5}')}${target('hold', '{engine: sqlite, path: shared/db.sqlite3, keep: 1}')}`;
}

/** A fake verified backup of `target` dated `iso` (retention reads names and sidecars only). */
async function fixtureBackup(dir: string, target: string, iso: string, verified = true): Promise<string> {
  const stamp = iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
  const name = `${target}-${stamp}-0123456789ab.sql.gz`;
  await writeFile(join(dir, name), 'fixture');
  if (verified)
    await writeFile(join(dir, `${name}.json`), JSON.stringify({ engine: 'mariadb', sha256: '0'.repeat(64), size: 7, verified: true }));
  return name;
}

describe.runIf(ready)('backup and restore commands over real SSH (issue #5)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let configPath = '';
  let env: Record<string, string> = {};
  const cli = (...args: string[]) => runCli([...args, '--config', configPath, '--json'], env);
  const backupsOf = (t: string) => join(tmp, 'hosts', t, 'backups');
  const drillDatabasesLeft = async () =>
    (await mariadbQuery(undefined, `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE '${DB}\\_gd\\_drill\\_%'`)) +
    (await postgresQuery('postgres', `SELECT count(*) FROM pg_database WHERE datname LIKE '${DB}_gd_drill_%'`));

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-backup-cmd');
    configPath = join(tmp, 'deploy.yml');
    await writeFile(configPath, configYaml(sshd.port, join(tmp, 'hosts')));
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, GITOPS_DB_PASSWORD: PASSWORD };
    await createMariadbDb(DB, DB, PASSWORD);
    const who = [`'${DB}'@'localhost'`, `'${DB}'@'127.0.0.1'`];
    await mariadbQuery(undefined, who.map((u) => `GRANT ALL PRIVILEGES ON \`${DB}\\_gd\\_drill\\_%\`.* TO ${u};`).join('\n'));
    await mariadbQuery(DB, 'CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);');
    await createPostgresDb(DB, DB, PASSWORD);
    await postgresQuery('postgres', `ALTER ROLE "${DB}" CREATEDB;`);
    await postgresQuery(DB, `CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3); ALTER TABLE t OWNER TO "${DB}";`);
    for (const t of ['lite', 'same', 'skew', 'hold']) {
      await mkdir(join(tmp, 'hosts', t, 'shared'), { recursive: true });
      execFileSync('sqlite3', [join(tmp, 'hosts', t, 'shared', 'db.sqlite3'), 'CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);']);
    }
  });

  afterAll(async () => {
    await dropMariadbDb(DB, DB).catch(() => undefined);
    await dropPostgresDb(DB, DB).catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('retention policy on dated backups deletes exactly the expected files, with reasons', async () => {
    const dir = backupsOf('maria');
    await mkdir(dir, { recursive: true });
    const f = {
      jun15late: await fixtureBackup(dir, 'maria', '2023-06-15T10:00:00Z'),
      jun15early: await fixtureBackup(dir, 'maria', '2023-06-15T02:00:00Z'),
      jun14: await fixtureBackup(dir, 'maria', '2023-06-14T02:00:00Z'),
      jun05: await fixtureBackup(dir, 'maria', '2023-06-05T02:00:00Z'),
      may20: await fixtureBackup(dir, 'maria', '2023-05-20T02:00:00Z'),
      apr10: await fixtureBackup(dir, 'maria', '2023-04-10T02:00:00Z'),
      mar01: await fixtureBackup(dir, 'maria', '2023-03-01T02:00:00Z'),
      future: await fixtureBackup(dir, 'maria', '2099-01-01T00:00:00Z'),
      unverified: await fixtureBackup(dir, 'maria', '2023-01-01T00:00:00Z', false),
      otherTarget: await fixtureBackup(dir, 'pg', '2023-01-01T00:00:00Z'),
    };
    const r = await cli('backup', '--target', 'maria');
    expect(r.code, r.stderr).toBe(0);
    const fresh = r.json.backup.file.split('/').pop();
    // the new backup takes the first slot of every rule; jun15late the second of last/daily/weekly,
    // and of monthly with may20 third; the rest is selected by no rule
    expect([...r.json.retention.deleted].sort()).toEqual([f.jun15early, f.jun14, f.jun05, f.apr10, f.mar01].sort());
    const left = readdirSync(dir)
      .filter((n) => !n.endsWith('.json'))
      .sort();
    expect(left).toEqual([fresh, f.jun15late, f.may20, f.future, f.unverified, f.otherTarget].sort());
    expect(
      readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort(),
    ).toEqual([fresh, f.jun15late, f.may20, f.future, f.otherTarget].map((n) => `${n}.json`).sort());
    const why = Object.fromEntries((r.json.retention.decisions as { name: string; reasons: string[] }[]).map((d) => [d.name, d.reasons]));
    expect(why[f.jun15late]).toEqual(['last 2/2', 'daily 2023-06-15', 'weekly 2023-W24', 'monthly 2023-06']);
    expect(why[f.may20]).toEqual(['monthly 2023-05']);
    expect(why[f.future]).toEqual(['future-dated: kept, not counted']);
    expect(r.stdout).toContain(`| ${f.apr10} | deleted | not selected by any rule |`);
    const audit = readFileSync(join(tmp, 'hosts', 'maria', '.deploy', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({
      command: 'backup',
      target: 'maria',
      result: 'success',
      backup: { file: r.json.backup.file, sha256: r.json.backup.sha256 },
    });
  });

  it('drill passes on a good backup (MariaDB and PostgreSQL) and drops the scratch database', async () => {
    for (const target of ['maria', 'pg']) {
      const r = await cli('backup', '--target', target, '--drill');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.drill.value).toBe('1');
      expect(r.json.drill.scratch).toMatch(new RegExp(`^${DB}_gd_drill_[0-9a-f]{8}$`));
      expect(r.stdout).toMatch(/restore drill passed: .* smoke query returned 1/);
      expect(r.json.phases.map((p: { name: string }) => p.name)).toEqual(['Connect', 'Lock', 'Backup', 'Restore drill']);
    }
    expect(await drillDatabasesLeft()).toBe('00');
  });

  it('drill fails the run on a corrupted backup (and on a smoke query that finds nothing)', async () => {
    const good = await cli('backup', '--target', 'maria');
    expect(good.code, good.stderr).toBe(0);
    const file: string = good.json.backup.file;
    const bytes = await readFile(file);
    for (let i = 20; i < Math.min(bytes.length - 10, 60); i++) bytes[i] = bytes[i]! ^ 0xff;
    await writeFile(file, bytes);
    const r = await cli('restore', '--target', 'maria', '--drill', '--backup', file.split('/').pop()!);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/restore drill FAILED for .*: restore of .*(corrupt|sha256 does not match)/);
    expect(await drillDatabasesLeft()).toBe('00');

    const lite = await cli('backup', '--target', 'lite', '--drill');
    expect(lite.code).toBe(1);
    expect(lite.stderr).toMatch(/restore drill FAILED .*smoke query returned "0", expected a number above 0/);
    expect(readdirSync(backupsOf('lite')).filter((n) => n.startsWith('.gd-drill'))).toEqual([]);
    const audit = readFileSync(join(tmp, 'hosts', 'lite', '.deploy', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({ command: 'backup', result: 'failed' });
  });

  it('restore needs confirm = target name, then restores the newest backup after a safety backup', async () => {
    const taken = await cli('backup', '--target', 'pg');
    expect(taken.code, taken.stderr).toBe(0);
    await postgresQuery(DB, 'INSERT INTO t VALUES (4), (5);');
    const refused = await cli('restore', '--target', 'pg');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/set confirm to the target name \(confirm: pg/);
    const wrong = await cli('restore', '--target', 'pg', '--confirm', 'maria');
    expect(wrong.code).toBe(2);
    expect(await postgresQuery(DB, 'SELECT count(*) FROM t')).toBe('5');

    const r = await cli('restore', '--target', 'pg', '--confirm', 'pg');
    expect(r.code, r.stderr).toBe(0);
    expect(await postgresQuery(DB, 'SELECT count(*) FROM t')).toBe('3');
    expect(r.json.phases.map((p: { name: string }) => p.name)).toEqual([
      'Connect',
      'Lock',
      'List backups',
      'Safety backup',
      'Restore database',
    ]);
    expect(r.json.backup.file).not.toBe(taken.json.backup.file);
    expect(r.stdout).toContain(`restored from ${taken.json.backup.file.split('/').pop()}`);
    expect(existsSync(join(tmp, 'hosts', 'pg', '.deploy', 'lock'))).toBe(false);
  });

  // names are to the second: two backups of one release in one second (e.g. a restore's safety
  // backup right after the backup it restores) would have one name; the one there must stay
  it('a backup never replaces one of the same name: it takes the next free second', async () => {
    const dir = backupsOf('same');
    await mkdir(dir, { recursive: true });
    const now = Math.floor(Date.now() / 1000) * 1000;
    const names = [-1, 0, 1, 2, 3].map(
      (k) => `same-${new Date(now + k * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-000000000000.sqlite3.gz`,
    );
    for (const n of names) {
      await writeFile(join(dir, n), `earlier backup ${n}`);
      await writeFile(join(dir, `${n}.json`), JSON.stringify({ engine: 'sqlite', sha256: '0'.repeat(64), size: 1, verified: true }));
    }
    const r = await cli('backup', '--target', 'same');
    expect(r.code, r.stderr).toBe(0);
    const taken: string = r.json.backup.file.split('/').pop();
    expect(names).not.toContain(taken);
    // started within 3 s, the backup found its own second taken and moved on to the first free one
    expect(taken > names.at(-1)!).toBe(true);
    for (const n of names) expect(await readFile(join(dir, n), 'utf8')).toBe(`earlier backup ${n}`);
    const bytes = await readFile(join(dir, taken));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(r.json.backup.sha256);
    expect(JSON.parse(await readFile(join(dir, `${taken}.json`), 'utf8'))).toMatchObject({ sha256: r.json.backup.sha256 });
  });

  it('off-site copy: the backup is streamed to the runner over the SSH connection, sha256 checked', async () => {
    const r = await cli('backup', '--target', 'pg');
    expect(r.code, r.stderr).toBe(0);
    const conn = await connectHost({ host: 'root@127.0.0.1', port: sshd.port, privateKey: sshd.clientKey, knownHosts: sshd.knownHosts });
    try {
      const local = join(tmp, 'copy.pgdump.gz');
      const got = await downloadFile(conn, r.json.backup.file, local, r.json.backup.sha256);
      expect(got).toMatchObject({ size: r.json.backup.size, sha256: r.json.backup.sha256 });
      expect(
        createHash('sha256')
          .update(await readFile(local))
          .digest('hex'),
      ).toBe(r.json.backup.sha256);
      await expect(downloadFile(conn, r.json.backup.file, local, 'f'.repeat(64))).rejects.toThrow(/differs/);
      await expect(downloadFile(conn, `${r.json.backup.file}.missing`, local)).rejects.toThrow(/ssh exit 1/);
    } finally {
      await conn.cleanup();
    }
  });
  // the case a restore is for: the database was dropped. The safety backup's probe finds none, and
  // the restore loaded the dump into a database that was not there (mysql: unknown database;
  // pg_restore: database does not exist): it now creates it first, or says who must
  it('a dropped MariaDB or PostgreSQL database is created again by the restore', async () => {
    const rows = [await mariadbQuery(DB, 'SELECT COUNT(*) FROM t'), await postgresQuery(DB, 'SELECT count(*) FROM t')];
    const maria = await cli('backup', '--target', 'maria');
    expect(maria.code, maria.stderr).toBe(0);
    await mariadbQuery(undefined, `DROP DATABASE \`${DB}\`;`);
    const r = await cli('restore', '--target', 'maria', '--confirm', 'maria', '--backup', maria.json.backup.file.split('/').pop());
    expect(r.code, r.stderr).toBe(0);
    expect(await mariadbQuery(DB, 'SELECT COUNT(*) FROM t')).toBe(rows[0]);
    expect(r.stdout).toMatch(/no safety backup: the mariadb database \S+ does not exist/);
    expect(r.stdout).toContain('no safety backup: there was no database; created it');

    const pg = await cli('backup', '--target', 'pg');
    expect(pg.code, pg.stderr).toBe(0);
    const name = pg.json.backup.file.split('/').pop();
    await dropPostgresDb(DB);
    await postgresQuery('postgres', `ALTER ROLE "${DB}" NOCREATEDB;`);
    const refused = await cli('restore', '--target', 'pg', '--confirm', 'pg', '--backup', name);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`the postgres database ${DB} does not exist and the user ${DB} cannot create it`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    await postgresQuery('postgres', `ALTER ROLE "${DB}" CREATEDB;`);
    const again = await cli('restore', '--target', 'pg', '--confirm', 'pg', '--backup', name);
    expect(again.code, again.stderr).toBe(0);
    expect(await postgresQuery(DB, 'SELECT count(*) FROM t')).toBe(rows[1]);
    expect(await postgresQuery('postgres', `SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${DB}'`)).toBe(DB);
  });

  // a target whose engine changed (postgres → mariadb) keeps the old engine's verified backups: the
  // newest of them was picked (or one named), a safety backup taken and its retention run, then
  // mysql loaded a pg_dump archive and failed part-way
  it("a backup of another engine is refused before anything runs; the newest is the engine's own", async () => {
    const own = await cli('backup', '--target', 'maria');
    expect(own.code, own.stderr).toBe(0);
    const pg = await cli('backup', '--target', 'pg');
    expect(pg.code, pg.stderr).toBe(0);
    // the pg backup as an older backup of target maria, named two minutes after maria's own
    const ownName: string = own.json.backup.file.split('/').pop();
    const stamp = /-(\d{8}T\d{6}Z)-/.exec(ownName)![1]!;
    const later = new Date(Date.parse(stamp.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z')) + 120_000);
    const foreign = `maria-${later
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '')}-0123456789ab.pgdump.gz`;
    await writeFile(join(backupsOf('maria'), foreign), await readFile(pg.json.backup.file));
    await writeFile(join(backupsOf('maria'), `${foreign}.json`), await readFile(`${pg.json.backup.file}.json`));
    const before = readdirSync(backupsOf('maria')).sort();
    await mariadbQuery(DB, 'INSERT INTO t VALUES (100);');
    const rows = await mariadbQuery(DB, 'SELECT COUNT(*) FROM t');

    const named = await cli('restore', '--target', 'maria', '--confirm', 'maria', '--backup', foreign);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(`${foreign} is a postgres backup, the target's engine is mariadb`);
    expect(readdirSync(backupsOf('maria')).sort()).toEqual(before);
    expect(await mariadbQuery(DB, 'SELECT COUNT(*) FROM t')).toBe(rows);

    const newest = await cli('restore', '--target', 'maria', '--confirm', 'maria');
    expect(newest.code, newest.stderr).toBe(0);
    expect(newest.stdout).toContain(`restored from ${ownName}`);
    expect(await mariadbQuery(DB, 'SELECT COUNT(*) FROM t WHERE id = 100')).toBe('0');
  });

  // backups are named by the clock of the runner that took them, and a restore passed over those
  // dated after its own clock (+5 min) as future-dated: a runner a few minutes slow restored an older backup
  it("a runner clock 10 minutes slow: restore loads the newest backup, not an older one (the host's clock counts)", async () => {
    const shifted = join(tmp, 'clock-shift.mjs');
    await writeFile(
      shifted,
      `const R = Date; const k = Number(process.env.GD_TEST_CLOCK_SHIFT_MS);
globalThis.Date = class extends R { constructor(...a) { if (a.length === 0) super(R.now() + k); else super(...a); } static now() { return R.now() + k; } };\n`,
    );
    const at = (minutes: number) => ({ ...env, NODE_OPTIONS: `--import=${shifted}`, GD_TEST_CLOCK_SHIFT_MS: String(minutes * 60_000) });
    const db = join(tmp, 'hosts', 'skew', 'shared', 'db.sqlite3');
    const older = await runCli(['backup', '--target', 'skew', '--config', configPath, '--json'], at(-20));
    expect(older.code, older.stderr).toBe(0);
    execFileSync('sqlite3', [db, 'INSERT INTO t VALUES (500);']);
    const newest = await cli('backup', '--target', 'skew');
    expect(newest.code, newest.stderr).toBe(0);
    execFileSync('sqlite3', [db, 'DELETE FROM t;']);

    const r = await runCli(['restore', '--target', 'skew', '--confirm', 'skew', '--config', configPath, '--json'], at(-10));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`restored from ${newest.json.backup.file.split('/').pop()}`);
    expect(execFileSync('sqlite3', [db, 'SELECT group_concat(x) FROM t'], { encoding: 'utf8' }).trim()).toBe('1,2,500');
  });

  // the drill (and the off-site download) run after the lock is released: a deploy or backup that
  // took the lock then deleted the new backup by its retention (keep: 1; daily: its own backup is
  // the day's newest), and the scheduled run failed with "backup file not found", its copy not made
  it('a backup that retention deletes while its drill waits is still drilled (read through its hold)', async () => {
    const first = pausedRun(['backup', '--target', 'hold', '--drill', '--config', configPath, '--json'], env, 'restore drill', tmp);
    await first.reached;
    const second = await cli('backup', '--target', 'hold');
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.retention.deleted).toHaveLength(1);
    const deleted: string = second.json.retention.deleted[0];
    expect(existsSync(join(backupsOf('hold'), deleted))).toBe(false);
    await first.resume();
    const r = await first.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.backup.file.split('/').pop()).toBe(deleted);
    expect(r.stdout).toContain(`restore drill passed: ${deleted} restored into scratch`);
    // a hold a killed run left (two days old) is removed by the next hold; the holds of this run are gone
    const stale = join(backupsOf('hold'), '.hold-hold-20240101T000000Z-000000000000.sqlite3.gz');
    await writeFile(stale, 'left by a killed run');
    execFileSync('touch', ['-d', '2 days ago', stale]);
    const third = await cli('backup', '--target', 'hold', '--drill');
    expect(third.code, third.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(backupsOf('hold')).sort()).toEqual(
      [third.json.backup.file.split('/').pop(), `${third.json.backup.file.split('/').pop()}.json`].sort(),
    );
  });
});
