/**
 * A PostgreSQL restore in a database where an administrator (the postgres superuser) keeps objects of
 * its own: an event trigger, a column of the app user's type, a view over the app user's table, an
 * index using the app user's operator class. Real PostgreSQL 15; the restore is the one `restore`
 * and `rollback --restore-db` run (restoreBackup).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { createPostgresDb, dropPostgresDb, ensurePostgres, postgresQuery, postgresQueryAs } from './harness/databases.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const available = await ensurePostgres();
const exec = new LocalExecutor();
const id = randomBytes(4).toString('hex');
const USER = `gd_ra_${id}`;
const SUPER = `gd_ra_${id}_su`;
const PASSWORD = `pw ${id}`;
const DBS = ['dep', 'evt_su', 'evt_app'].map((n) => `gd_ra_${id}_${n}`);
const [DEP, EVT_SU, EVT_APP] = DBS as [string, string, string];

const spec = (database: string, user = USER): BackupSpec => ({
  engine: 'postgres',
  database,
  user,
  host: '127.0.0.1',
  port: 5432,
  keep: 5,
});

/** An event trigger function `name` (owned by whoever runs it) and its trigger on `event`, `body` its PL/pgSQL. */
const eventTrigger = (name: string, event: string, body: string, when = '') =>
  `CREATE FUNCTION public.${name}() RETURNS event_trigger LANGUAGE plpgsql AS $f$ BEGIN ${body} END $f$;
  CREATE EVENT TRIGGER ${name} ON ${event} ${when} EXECUTE FUNCTION public.${name}();`;
const NO_DROP = eventTrigger('no_drop', 'ddl_command_start', `RAISE EXCEPTION 'drops are not allowed here';`, `WHEN TAG IN ('DROP TABLE')`);
const TRIGGERS = `SELECT string_agg(evtname || ':' || evtenabled::text, ' ' ORDER BY evtname) FROM pg_event_trigger`;

describe.runIf(gate('postgresql', available))("restore beside an administrator's objects (real PostgreSQL)", () => {
  let root = '';
  const ctx = async (): Promise<BackupContext> => ({
    deployPath: await mkdtemp(path.join(root, 'deploy-')),
    target: 'api',
    sha: '0123456789abcdef0123456789abcdef01234567',
    now: new Date('2025-03-04T05:06:07Z'),
    password: PASSWORD,
  });

  beforeAll(async () => {
    root = await makeTempDir('gd-restore-pg-admin');
    await createPostgresDb(DEP, USER, PASSWORD);
    await createPostgresDb(EVT_APP, USER, PASSWORD);
    await createPostgresDb(EVT_SU, SUPER, PASSWORD);
    await postgresQuery('postgres', `ALTER ROLE ${SUPER} SUPERUSER;`);
  });

  afterAll(async () => {
    await postgresQuery(EVT_APP, 'DROP EVENT TRIGGER IF EXISTS no_drop;').catch(() => undefined);
    await postgresQuery(EVT_SU, 'DROP EVENT TRIGGER IF EXISTS no_drop; DROP EVENT TRIGGER IF EXISTS log_ddl;').catch(() => undefined);
    for (const db of DBS) await dropPostgresDb(db);
    await postgresQuery('postgres', `DROP ROLE IF EXISTS ${USER}; DROP ROLE IF EXISTS ${SUPER};`);
    if (root) await removeTree(root);
  });

  // the restore's DROP TYPE / DROP TABLE / DROP OPERATOR CLASS ... CASCADE of the app user's objects took
  // with them what the administrator built on them: its table's column (and the data in it), its view,
  // its index; the restore reported success
  it("refuses, before dropping anything, when the drops would take an administrator's objects with them", async () => {
    const app = (sql: string) => postgresQueryAs(DEP, USER, PASSWORD, sql);
    await app(`CREATE TYPE mood AS ENUM ('ok', 'meh'); CREATE TABLE t (id int PRIMARY KEY, m mood); INSERT INTO t VALUES (1, 'ok');`);
    const c = await ctx();
    const backup = await runBackup(exec, spec(DEP), c);
    await app(`INSERT INTO t VALUES (2, 'meh');`);
    // an operator class only a superuser creates, given to the app user (made after the backup: the app
    // user's restore could not create it again), then the administrator's objects
    await postgresQuery(
      DEP,
      `CREATE OPERATOR FAMILY fam USING btree; ALTER OPERATOR FAMILY fam USING btree OWNER TO ${USER};
      CREATE OPERATOR CLASS int_ops2 FOR TYPE int USING btree FAMILY fam AS OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 btint4cmp(int, int);
      ALTER OPERATOR CLASS int_ops2 USING btree OWNER TO ${USER};
      CREATE TABLE public.audit (id int, m mood); INSERT INTO audit VALUES (7, 'meh');
      CREATE VIEW public.t_report AS SELECT count(*) AS n FROM t; CREATE TABLE public.nums (x int); CREATE INDEX nums_x ON nums (x int_ops2);`,
    );
    const state = `SELECT (SELECT string_agg(id || ':' || m, ',' ORDER BY id) FROM t) || ' ' || (SELECT string_agg(id || ':' || m, ',') FROM audit)
      || ' ' || (SELECT n FROM t_report) || ' ' || (SELECT count(*) FROM pg_indexes WHERE indexname = 'nums_x')`;
    expect(await postgresQuery(DEP, state)).toBe('1:ok,2:meh 7:meh 2 1');

    const err = await restoreBackup(exec, spec(DEP), c, backup.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const { reason, message } = err as BackupError;
    expect(reason, message).toMatch(/^restore of .*: restore refused: /);
    for (const named of ['column m of table audit', 'view t_report', 'index nums_x']) expect(message).toContain(named);
    expect(await postgresQuery(DEP, state)).toBe('1:ok,2:meh 7:meh 2 1');
  });

  // the event trigger fired on the restore's own DDL: a guard against DROP TABLE failed every restore;
  // one logging DDL into a table of the database added the restore's own statements to the restored rows
  it("a superuser's restore: the event triggers do not fire on it, and come back as they were in the backup", async () => {
    const su = (sql: string) => postgresQueryAs(EVT_SU, SUPER, PASSWORD, sql);
    await su(`CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); CREATE TABLE ddl_log (n serial, tag text);
      ${eventTrigger('log_ddl', 'ddl_command_end', 'INSERT INTO public.ddl_log (tag) VALUES (tg_tag);')} ${NO_DROP}
      CREATE INDEX t_id ON t (id);`);
    const logged = `SELECT string_agg(n || ':' || tag, ',' ORDER BY n) FROM ddl_log`;
    const before = `${await postgresQuery(EVT_SU, logged)} ${await postgresQuery(EVT_SU, TRIGGERS)}`;
    expect(before).toBe('1:CREATE FUNCTION,2:CREATE INDEX log_ddl:O no_drop:O');
    const c = await ctx();
    const backup = await runBackup(exec, spec(EVT_SU, SUPER), c);
    await su('INSERT INTO t VALUES (2); CREATE TABLE later (x int);');

    await restoreBackup(exec, spec(EVT_SU, SUPER), c, backup.file);
    expect(`${await postgresQuery(EVT_SU, logged)} ${await postgresQuery(EVT_SU, TRIGGERS)}`).toBe(before);
    expect(await postgresQuery(EVT_SU, "SELECT string_agg(id::text, ',') FROM t")).toBe('1');
    expect(await postgresQuery(EVT_SU, "SELECT count(*) FROM pg_tables WHERE tablename = 'later'")).toBe('0');
  });

  // an app user cannot disable nor drop a superuser's event trigger: its restore failed on the
  // trigger's own error (or ran with the trigger changing what it restored)
  it("an app user's restore beside a superuser's event trigger is refused before anything changes, naming the trigger", async () => {
    const app = (sql: string) => postgresQueryAs(EVT_APP, USER, PASSWORD, sql);
    await app('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);');
    const c = await ctx();
    const backup = await runBackup(exec, spec(EVT_APP), c);
    await app('INSERT INTO t VALUES (2); CREATE FUNCTION later() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;');
    await postgresQuery(EVT_APP, NO_DROP);
    const state = `SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM t) || ' ' || (SELECT count(*) FROM pg_proc WHERE proname = 'later')`;

    const err = await restoreBackup(exec, spec(EVT_APP), c, backup.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).reason).toMatch(/restore refused: .*event trigger.*no_drop/);
    expect(await postgresQuery(EVT_APP, state)).toBe('1,2 1');
    expect(await postgresQuery(EVT_APP, TRIGGERS)).toBe('no_drop:O');
  });
});
