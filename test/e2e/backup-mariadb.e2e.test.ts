import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { readInputs } from '../../src/entry/action/inputs.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb, mariadbQuery } from './harness/databases.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const available = await ensureMariadb();
const exec = new LocalExecutor();
const id = randomBytes(4).toString('hex');
const DB = `gd_bk_${id}`;
const SCRATCH = `gd_bk_${id}_restore`;
const USER = `gd_bk_${id}`;
const PASSWORD = `p'w"$x \\y#z ${id}`;
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const spec = (extra: Partial<BackupSpec> = {}): BackupSpec => ({
  engine: 'mariadb',
  database: DB,
  user: USER,
  host: '127.0.0.1',
  port: 3306,
  keep: 5,
  ...extra,
});

/**
 * SQL making `role` (granted `inner`, which holds `grant`: privileges ON what) the default role of the
 * accounts `who` (password 'pw', reading rights on `db`).
 */
const throughRole = (db: string, who: string[], [role, inner]: [string, string], grant: string) =>
  `CREATE ROLE ${inner}; CREATE ROLE ${role}; GRANT ${grant} TO ${inner}; GRANT ${inner} TO ${role};
  ${who
    .map(
      (u) => `CREATE USER ${u} IDENTIFIED BY 'pw'; GRANT SELECT, LOCK TABLES, SHOW VIEW, TRIGGER, EVENT ON \`${db}\`.* TO ${u};
        GRANT ${role} TO ${u}; SET DEFAULT ROLE ${role} FOR ${u};`,
    )
    .join('\n')}`;

describe.runIf(gate('mariadb', available))('backup e2e: MariaDB on the host', () => {
  let root: string;
  let n = 0;
  const ctx = async (extra: Partial<BackupContext> = {}): Promise<BackupContext> => ({
    deployPath: await mkdtemp(path.join(root, `deploy-${n++}-`)),
    target: 'web',
    sha: SHA,
    now: new Date('2024-05-06T07:08:09.123Z'),
    password: PASSWORD,
    ...extra,
  });

  beforeAll(async () => {
    root = await makeTempDir('gd-backup-mariadb');
    await createMariadbDb(DB, USER, PASSWORD);
    await createMariadbDb(SCRATCH, USER, PASSWORD);
    await mariadbQuery(
      DB,
      `CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40));
      INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
      CREATE TABLE big (id INT PRIMARY KEY, pad CHAR(100));
      INSERT INTO big SELECT seq, REPEAT('x', 100) FROM seq_1_to_300000;`,
    );
    // as the app user (as its migrations would): the trigger's DEFINER is then restorable by it
    const trigger = 'CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.name = LOWER(NEW.name)';
    await exec.run(['mysql', '-u', USER, '-h', '127.0.0.1', DB], { stdin: trigger, env: { MYSQL_PWD: PASSWORD } });
  });

  afterAll(async () => {
    await dropMariadbDb(SCRATCH);
    await dropMariadbDb(DB, USER);
    if (root) await removeTree(root);
  });

  it('backs up with the runner password (stdin), verifies, names, hashes and restores', async () => {
    const c = await ctx();
    const result = await runBackup(exec, spec(), c);
    expect(path.dirname(result.file)).toBe(path.join(c.deployPath, 'backups'));
    expect(path.basename(result.file)).toMatch(/^web-20240506T070809Z-a1b2c3d4e5f6\.sql\.gz$/);
    expect(result.engine).toBe('mariadb');
    expect(result.size).toBe((await stat(result.file)).size);
    const digest = await sha256(result.file);
    expect(result.sha256).toBe(digest);
    const sidecar = JSON.parse(await readFile(`${result.file}.json`, 'utf8'));
    expect(sidecar).toMatchObject({ engine: 'mariadb', database: DB, sha256: digest, size: result.size, sha: SHA, verified: true });
    expect(sidecar.createdAt).toBe('2024-05-06T07:08:09.123Z');
    expect(await readdir(path.join(c.deployPath, 'backups'))).toHaveLength(2);

    await restoreBackup(exec, spec(), c, result.file, { database: SCRATCH });
    expect(await mariadbQuery(SCRATCH, 'SELECT COUNT(*) FROM t')).toBe('3');
    expect(await mariadbQuery(SCRATCH, 'SELECT COUNT(*) FROM big')).toBe('300000');
    expect(
      await mariadbQuery(
        SCRATCH,
        "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = 't_bi'",
      ),
    ).toBe('1');
  });

  it('reads password_env from the remote env file without sourcing it', async () => {
    const c = await ctx({ password: undefined });
    const envFile = path.join(c.deployPath, 'shared', '.env');
    await mkdir(path.dirname(envFile), { recursive: true });
    const quoted = PASSWORD.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    const marker = path.join(c.deployPath, 'sourced');
    await writeFile(envFile, `# app env\nOTHER=$(touch ${marker})\nexport DB_PASSWORD = "wrong"\r\nDB_PASSWORD="${quoted}"\n`);
    const result = await runBackup(exec, spec({ password_env: 'DB_PASSWORD' }), { ...c, envFile });
    expect(await sha256(result.file)).toBe(result.sha256);
    await expect(stat(marker)).rejects.toThrow();
  });

  it('a db-password input with leading and trailing whitespace (as the runner hands it) logs in as given', async () => {
    const spaced = ` \t${id} spaced `;
    const [db, user] = [`${DB}_sp`, `${USER}s`];
    await createMariadbDb(db, user, spaced);
    Object.assign(process.env, { INPUT_COMMAND: 'backup', 'INPUT_DB-PASSWORD': `${spaced}\n` });
    try {
      const password = readInputs().dbPassword;
      const result = await runBackup(exec, spec({ database: db, user }), await ctx({ password }));
      expect(await sha256(result.file)).toBe(result.sha256);
    } finally {
      delete process.env.INPUT_COMMAND;
      delete process.env['INPUT_DB-PASSWORD'];
      await dropMariadbDb(db, user);
    }
  });

  it('a wrong password fails with BackupError and leaves nothing in backups/', async () => {
    const c = await ctx({ password: 'not-the-password' });
    const err = await runBackup(exec, spec(), c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).reason).toMatch(/dump exited with status [1-9]/);
    expect((err as BackupError).stderr).toMatch(/Access denied/);
    expect(await readdir(path.join(c.deployPath, 'backups'))).toEqual([]);
  });

  it('never shows the password in any process argv while mysqldump runs', async () => {
    const c = await ctx();
    const samples: string[] = [];
    let done = false;
    const sampler = (async () => {
      while (!done) samples.push((await exec.run(['ps', '-eo', 'args'])).stdout);
    })();
    try {
      await runBackup(exec, spec(), c);
    } finally {
      done = true;
      await sampler;
    }
    expect(samples.some((s) => s.includes('mysqldump'))).toBe(true);
    for (const s of samples) expect(s).not.toContain(PASSWORD);
  });

  it('retention with keep=2 after 4 backups leaves the newest 2', async () => {
    const c = await ctx();
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const now = new Date(Date.UTC(2024, 0, 1, 10, i));
      const r = await runBackup(exec, spec({ keep: 2 }), { ...c, now });
      names.push(path.basename(r.file));
    }
    const left = (await readdir(path.join(c.deployPath, 'backups'))).sort();
    expect(left).toEqual([names[2], `${names[2]}.json`, names[3], `${names[3]}.json`].sort());
  });

  // rollback --restore-db after a migration that added a model: mysqldump drops only the tables it
  // dumped, so the new table stayed while django_migrations said it was not there, and re-running the
  // migration failed with "table already exists"
  it('a restore replaces the tables and views created after the backup', async () => {
    const DB2 = `gd_bk_${id}_mig`;
    await createMariadbDb(DB2, USER, PASSWORD);
    const mysql = (sql: string) => exec.run(['mysql', '-u', USER, '-h', '127.0.0.1', DB2], { stdin: sql, env: { MYSQL_PWD: PASSWORD } });
    try {
      await mysql(`CREATE TABLE author (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT) ENGINE=InnoDB; INSERT INTO author (name) VALUES ('a'), ('b');
        CREATE TABLE django_migrations (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT); INSERT INTO django_migrations (name) VALUES ('0001');
        CREATE VIEW author_names AS SELECT name FROM author;`);
      const c = await ctx();
      const s = spec({ database: DB2 });
      const result = await runBackup(exec, s, c);
      await mysql(`CREATE TABLE book (id INT PRIMARY KEY, author_id INT, FOREIGN KEY (author_id) REFERENCES author (id)) ENGINE=InnoDB;
        INSERT INTO book VALUES (1, 1); CREATE TABLE \`we\`\`ird\` (x INT); CREATE VIEW books AS SELECT id FROM book;
        INSERT INTO author (name) VALUES ('c'); INSERT INTO django_migrations (name) VALUES ('0002');`);

      await restoreBackup(exec, s, c, result.file);
      const tables = `SELECT GROUP_CONCAT(table_name ORDER BY table_name SEPARATOR ' ') FROM information_schema.tables WHERE table_schema = '${DB2}'`;
      expect(await mariadbQuery(undefined, tables)).toBe('author author_names django_migrations');
      expect(await mariadbQuery(DB2, 'SELECT GROUP_CONCAT(name ORDER BY id) FROM author')).toBe('a,b');
      expect(await mariadbQuery(DB2, 'SELECT GROUP_CONCAT(name) FROM django_migrations')).toBe('0001');
      // the migration runs again as it did the first time
      await mysql('CREATE TABLE book (id INT PRIMARY KEY, author_id INT, FOREIGN KEY (author_id) REFERENCES author (id)) ENGINE=InnoDB;');
    } finally {
      await dropMariadbDb(DB2);
    }
  });

  // a view, trigger or event an administrator made has DEFINER=root@...: the app user's restore of its
  // own backup failed with ERROR 1227 (SUPER or SET USER needed); and mysqldump drops only the
  // routines and events it dumped, so those made after the backup stayed
  it('the app user restores views, triggers and events defined by root; routines and events made after the backup are gone', async () => {
    const DB3 = `gd_bk_${id}_def`;
    await createMariadbDb(DB3, USER, PASSWORD);
    const mysql = (sql: string) => exec.run(['mysql', '-u', USER, '-h', '127.0.0.1', DB3], { stdin: sql, env: { MYSQL_PWD: PASSWORD } });
    const objects = `SELECT GROUP_CONCAT(x ORDER BY x SEPARATOR ' ') FROM (
      SELECT CONCAT('table:', table_name) AS x FROM information_schema.tables WHERE table_schema = DATABASE()
      UNION ALL SELECT CONCAT('routine:', routine_name) FROM information_schema.routines WHERE routine_schema = DATABASE()
      UNION ALL SELECT CONCAT('trigger:', trigger_name) FROM information_schema.triggers WHERE trigger_schema = DATABASE()
      UNION ALL SELECT CONCAT('event:', event_name) FROM information_schema.events WHERE event_schema = DATABASE()) s`;
    try {
      await mariadbQuery(
        DB3,
        `CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40)); INSERT INTO t VALUES (1, 'DEFINER=\`root\`@\`%\` in data');
        CREATE DEFINER=\`root\`@\`localhost\` VIEW v AS SELECT id FROM t;
        CREATE DEFINER=\`root\`@\`localhost\` TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.name = LOWER(NEW.name);
        CREATE DEFINER=\`root\`@\`localhost\` EVENT e1 ON SCHEDULE EVERY 1 DAY DO DELETE FROM t WHERE id < 0;`,
      );
      await mysql('CREATE FUNCTION f1() RETURNS INT DETERMINISTIC RETURN 1;');
      const c = await ctx();
      const s = spec({ database: DB3 });
      const result = await runBackup(exec, s, c);
      const before = await mariadbQuery(DB3, objects);
      expect(before).toBe('event:e1 routine:f1 table:t table:v trigger:t_bi');
      await mysql(`CREATE PROCEDURE p2() SELECT 2; CREATE FUNCTION f2() RETURNS INT DETERMINISTIC RETURN 2;
        CREATE EVENT e2 ON SCHEDULE EVERY 1 DAY DO DELETE FROM t WHERE id < 0; CREATE TABLE added (id INT);
        CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW SET NEW.name = UPPER(NEW.name); INSERT INTO t VALUES (2, 'TWO');`);

      await restoreBackup(exec, s, c, result.file);
      expect(await mariadbQuery(DB3, objects)).toBe(before);
      expect(await mariadbQuery(DB3, 'SELECT GROUP_CONCAT(name ORDER BY id) FROM t')).toBe('DEFINER=`root`@`%` in data');
      await mysql("INSERT INTO t VALUES (3, 'THREE');");
      expect(await mariadbQuery(DB3, 'SELECT name FROM t WHERE id = 3')).toBe('three');
    } finally {
      await dropMariadbDb(DB3);
    }
  });

  // a routine an administrator defined (DEFINER=root): mysqldump run by the app user (ALL on the
  // database) exited 2 with only "dump exited with status 2", naming no grant; and a user without a
  // routine privilege on the database (no EXECUTE / CREATE ROUTINE / ALTER ROUTINE) does not even see
  // the routines: mysqldump exited 0 and the backup, taken as verified, held none of them
  it('a backup never leaves out a routine another account defined: it fails naming the grant, and holds it once granted', async () => {
    const DB5 = `gd_bk_${id}_rt`;
    const LIMITED = `gd_bk_${id}_l`;
    const who = (u: string) => [`'${u}'@'localhost'`, `'${u}'@'127.0.0.1'`];
    await createMariadbDb(DB5, USER, PASSWORD);
    try {
      await mariadbQuery(
        DB5,
        `CREATE TABLE t (id INT); INSERT INTO t VALUES (1);
        CREATE DEFINER=\`root\`@\`localhost\` PROCEDURE p_root() SELECT 1;
        ${who(LIMITED)
          .map(
            (u) =>
              `CREATE USER ${u} IDENTIFIED BY 'pw'; GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, LOCK TABLES, SHOW VIEW, TRIGGER, EVENT ON \`${DB5}\`.* TO ${u};`,
          )
          .join('\n')}`,
      );
      for (const [user, password] of [
        [LIMITED, 'pw'],
        [USER, PASSWORD],
      ] as const) {
        const c = await ctx({ password });
        const err = await runBackup(exec, spec({ database: DB5, user }), c).catch((e: unknown) => e);
        expect(err, user).toBeInstanceOf(BackupError);
        expect((err as BackupError).reason, user).toMatch(/routine.*GRANT SELECT ON mysql\.proc/);
        expect(await readdir(path.join(c.deployPath, 'backups')), user).toEqual([]);
      }
      await mariadbQuery(undefined, [...who(USER), ...who(LIMITED)].map((u) => `GRANT SELECT ON mysql.proc TO ${u};`).join('\n'));
      for (const [user, password] of [
        [USER, PASSWORD],
        [LIMITED, 'pw'],
      ] as const) {
        const c = await ctx({ password });
        const result = await runBackup(exec, spec({ database: DB5, user }), c);
        expect(execFileSync('gzip', ['-dc', result.file]).toString(), user).toContain('PROCEDURE `p_root`');
        if (user !== USER) continue;
        // the app user restores it (defined by itself then)
        await mariadbQuery(DB5, 'DROP PROCEDURE p_root;');
        await restoreBackup(exec, spec({ database: DB5, user }), c, result.file);
        expect(
          await mariadbQuery(
            DB5,
            "SELECT CONCAT(routine_name, ' ', definer) FROM information_schema.routines WHERE routine_schema = DATABASE()",
          ),
        ).toMatch(new RegExp(`^p_root ${USER}@`));
      }
    } finally {
      // USER (and its grant on mysql.proc) is dropped by afterAll
      await mariadbQuery(undefined, `DROP USER IF EXISTS ${who(LIMITED).join(', ')};`);
      await dropMariadbDb(DB5);
    }
  });

  /**
   * Runs `body` with the account `via` (password 'pw') whose default role holds, through a nested
   * role, `grant` (privileges ON what; `db` stands for the database), in a fresh database made by `sql`.
   */
  async function throughRoleCase(
    suffix: string,
    grant: string,
    sql: string,
    body: (db: string, via: string, inner: string) => Promise<void>,
  ) {
    const [db, via, role, inner] = ['', 'u', 'r', 'i'].map((n) => `gd_bk_${id}_${suffix}${n}`) as [string, string, string, string];
    const who = [`'${via}'@'localhost'`, `'${via}'@'127.0.0.1'`];
    await createMariadbDb(db, USER, PASSWORD);
    try {
      await mariadbQuery(db, `${sql} ${throughRole(db, who, [role, inner], grant.replace('db', `\`${db}\``))}`);
      await body(db, via, inner);
    } finally {
      await mariadbQuery(undefined, `DROP USER IF EXISTS ${who.join(', ')}; DROP ROLE IF EXISTS ${role}; DROP ROLE IF EXISTS ${inner};`);
      await dropMariadbDb(db);
    }
  }

  /**
   * `via` makes a procedure of its own and backs up (the dump holds it); then `regrant` (SQL as root) runs
   * and the next backup fails: the user cannot see the routines.
   */
  async function ownRoutineThenRegrant(db: string, via: string, regrant: string) {
    await exec.run(['mysql', '-u', via, '-h', '127.0.0.1', db], { stdin: 'CREATE PROCEDURE p_own() SELECT 2', env: { MYSQL_PWD: 'pw' } });
    const result = await runBackup(exec, spec({ database: db, user: via }), await ctx({ password: 'pw' }));
    expect(execFileSync('gzip', ['-dc', result.file]).toString()).toContain('PROCEDURE `p_own`');
    await mariadbQuery(undefined, regrant);
    const err = await runBackup(exec, spec({ database: db, user: via }), await ctx({ password: 'pw' })).catch((e: unknown) => e);
    expect((err as BackupError).reason).toMatch(/cannot see the routines.*GRANT SELECT ON mysql\.proc/);
  }

  // the check read information_schema's privilege tables, which list the user's own grants only: a
  // user given SELECT on mysql.proc through a role (its default role, itself granted that role) reads
  // every routine, and its backups failed with "cannot see the routines"
  it('a backup user that reads mysql.proc through a role (default role, nested) backs up the routines', () =>
    throughRoleCase(
      'role',
      'SELECT ON mysql.proc',
      'CREATE TABLE t (id INT); CREATE DEFINER=`root`@`localhost` PROCEDURE p_root() SELECT 1;',
      async (db, via, inner) => {
        const result = await runBackup(exec, spec({ database: db, user: via }), await ctx({ password: 'pw' }));
        expect(execFileSync('gzip', ['-dc', result.file]).toString()).toContain('PROCEDURE `p_root`');
        // without the role's grant the routine is invisible again: the backup fails, naming the grant
        await mariadbQuery(undefined, `REVOKE SELECT ON mysql.proc FROM ${inner};`);
        const err = await runBackup(exec, spec({ database: db, user: via }), await ctx({ password: 'pw' })).catch((e: unknown) => e);
        expect((err as BackupError).reason).toMatch(/cannot see the routines.*GRANT SELECT ON mysql\.proc/);
      },
    ));

  // the check counted routine privileges from information_schema, which lists the user's own grants
  // only: a user holding EXECUTE / CREATE ROUTINE on the database through its default role (granted
  // through a nested role) sees every routine, and its backups failed with "cannot see the routines"
  it('a backup user with routine privileges through a role (default role, nested) backs up the routines', () =>
    throughRoleCase('rrole', 'EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON db.*', 'CREATE TABLE t (id INT);', async (db, via, inner) => {
      await exec.run(['mysql', '-u', via, '-h', '127.0.0.1', db], { stdin: 'CREATE PROCEDURE p_own() SELECT 2', env: { MYSQL_PWD: 'pw' } });
      const result = await runBackup(exec, spec({ database: db, user: via }), await ctx({ password: 'pw' }));
      expect(execFileSync('gzip', ['-dc', result.file]).toString()).toContain('PROCEDURE `p_own`');
      // without the role's routine privileges the check cannot tell: the backup fails, naming the grant
      await mariadbQuery(undefined, `REVOKE EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON \`${db}\`.* FROM ${inner};`);
      const err = await runBackup(exec, spec({ database: db, user: via }), await ctx({ password: 'pw' })).catch((e: unknown) => e);
      expect((err as BackupError).reason).toMatch(/cannot see the routines.*GRANT SELECT ON mysql\.proc/);
    }));

  // a role's routine privileges on a database name pattern (GRANT ... ON `app\_%`.*) were not recognised:
  // the check printed 0 and every backup failed with "cannot see the routines"
  it('a backup user with routine privileges through a role on a database name pattern backs up the routines', () => {
    const pattern = `\`gd\\_bk_${id}\\_rwil%\``;
    return throughRoleCase(
      'rwild',
      `EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON ${pattern}.*`,
      'CREATE TABLE t (id INT);',
      // then a pattern that does not match the name (an escaped `_` where the name has a `d`) does not count
      (db, via, inner) =>
        ownRoutineThenRegrant(
          db,
          via,
          `REVOKE EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON ${pattern}.* FROM ${inner};
          GRANT EXECUTE ON \`gd\\_bk\\_${id}\\_rwil\\_%\`.* TO ${inner};`,
        ),
    );
  });

  // MariaDB matches a grant's database pattern byte by byte: `_` is one byte of `é` (two in UTF-8). The
  // check ran awk in the caller's locale: gawk in a UTF-8 one took `_` for a character, so a pattern with
  // one `_` there counted (routines then silently left out) and one with two `_` did not (backups failed)
  it('a grant on a pattern whose `_` stands where the name has a multibyte character counts as MariaDB applies it', () => {
    const pattern = (wild: string) => `\`gd\\_bk\\_${id}\\_mb${wild}\``;
    return throughRoleCase(
      'mbé',
      `EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON ${pattern('__')}.*`,
      'CREATE TABLE t (id INT);',
      // then one `_` for the two bytes of `é`: MariaDB does not apply the grant, the routine is invisible
      (db, via, inner) =>
        ownRoutineThenRegrant(
          db,
          via,
          `REVOKE EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON ${pattern('__')}.* FROM ${inner};
          GRANT EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON ${pattern('_')}.* TO ${inner};`,
        ),
    );
  });

  // on a full disk the stages' exit status files cannot be written either: the reason was
  // "dump exited with status " (nothing after it), naming neither the disk nor what to do
  it('a backups directory on a full disk: the reason says so, nothing is left behind', async () => {
    const c = await ctx();
    await mkdir(path.join(c.deployPath, 'backups'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', `gd-bk-full-${id}`, path.join(c.deployPath, 'backups')]);
    try {
      const err = await runBackup(exec, spec(), c).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as BackupError).reason).toMatch(/cannot write in the backups directory \(disk full\?\)/);
      expect(await readdir(path.join(c.deployPath, 'backups'))).toEqual([]);
    } finally {
      spawnSync('umount', ['-l', path.join(c.deployPath, 'backups')]);
    }
  });
});
