/**
 * A PostgreSQL restore in a database where an administrator (the postgres superuser) keeps objects of
 * its own: an event trigger, a column of the app user's type, a view over the app user's table, an
 * index using the app user's operator class, a schema the app user cannot read, schemas and functions
 * the app user's backup holds. Real PostgreSQL 15; the restore is the one `restore` and
 * `rollback --restore-db` run (restoreBackup).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
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
const DBS = ['dep', 'evt_su', 'evt_app', 'hidden', 'others', 'spaced', 'sep'].map((n) => `gd_ra_${id}_${n}`);
const [DEP, EVT_SU, EVT_APP, HIDDEN, OTHERS, SPACED, SEP] = DBS as [string, string, string, string, string, string, string];
/** A role whose name holds the `;` that ends the owner in `pg_restore -v`'s header lines. */
const ODD_OWNER = `"gd_ra_${id}_o;wn"`;

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
    await createPostgresDb(HIDDEN, USER, PASSWORD);
    await createPostgresDb(OTHERS, USER, PASSWORD);
    await createPostgresDb(SPACED, USER, PASSWORD);
    await createPostgresDb(SEP, USER, PASSWORD);
    await postgresQuery('postgres', `ALTER ROLE ${SUPER} SUPERUSER;`);
  });

  afterAll(async () => {
    await postgresQuery(EVT_APP, 'DROP EVENT TRIGGER IF EXISTS no_drop;').catch(() => undefined);
    await postgresQuery(EVT_SU, 'DROP EVENT TRIGGER IF EXISTS no_drop; DROP EVENT TRIGGER IF EXISTS log_ddl;').catch(() => undefined);
    for (const db of DBS) await dropPostgresDb(db);
    await postgresQuery('postgres', `DROP ROLE IF EXISTS ${USER}; DROP ROLE IF EXISTS ${SUPER}; DROP ROLE IF EXISTS ${ODD_OWNER};`);
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

  // pg_dump stopped on "permission denied for schema admin" and the backup failed with
  // "dump exited with status 1" and the raw error: not which schema, nor what to grant
  it('a schema the app user cannot read: the backup fails naming the schema and the grants, and leaves nothing', async () => {
    await postgresQueryAs(HIDDEN, USER, PASSWORD, 'CREATE TABLE t (id int); INSERT INTO t VALUES (1);');
    await postgresQuery(HIDDEN, 'CREATE SCHEMA admin; CREATE TABLE admin.audit (x int);');
    const c = await ctx();
    const err = await runBackup(exec, spec(HIDDEN), c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const { reason } = err as BackupError;
    expect(reason).toContain('pg_dump cannot read schema admin');
    expect(reason).toContain('GRANT USAGE ON SCHEMA admin TO <backup user>');
    expect(reason).toContain('GRANT SELECT ON ALL TABLES IN SCHEMA admin');
    expect(await readdir(path.join(c.deployPath, 'backups')).catch(() => [])).toEqual([]);

    // the grants the message names are enough
    await postgresQuery(HIDDEN, `GRANT USAGE ON SCHEMA admin TO ${USER}; GRANT SELECT ON ALL TABLES IN SCHEMA admin TO ${USER};`);
    const ok = await runBackup(exec, spec(HIDDEN), await ctx());
    expect(ok.size).toBeGreaterThan(0);
  });

  // the backup held the administrator's schema, functions and comment (pg_dump dumps what the user
  // can see): the restore's DROP SCHEMA / DROP FUNCTION failed with "must be owner of ...", rolled back
  it("a backup holding an administrator's schema and functions restores when they are unchanged; refused, naming them, when changed", async () => {
    const app = (sql: string) => postgresQueryAs(OTHERS, USER, PASSWORD, sql);
    await postgresQuery(
      OTHERS,
      `CREATE SCHEMA admin; GRANT USAGE ON SCHEMA admin TO ${USER};
      CREATE FUNCTION admin.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
      CREATE FUNCTION public.g() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$; COMMENT ON FUNCTION public.g() IS 'the admin''s';`,
    );
    await app(`CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); CREATE VIEW v AS SELECT admin.f() + public.g() AS n;`);
    const c = await ctx();
    const backup = await runBackup(exec, spec(OTHERS), c);
    await app('INSERT INTO t VALUES (2); CREATE TABLE later (x int);');
    const state = `SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM t) || ' ' || (SELECT count(*) FROM pg_tables WHERE tablename = 'later')
      || ' ' || (SELECT n FROM v) || ' ' || (SELECT string_agg(p.proname || ':' || p.proowner::regrole, ',' ORDER BY p.proname) FROM pg_proc p
      JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname IN ('admin', 'public')) || ' ' || obj_description('public.g'::regproc, 'pg_proc')`;
    expect(await postgresQuery(OTHERS, state)).toBe("1,2 1 3 f:postgres,g:postgres the admin's");

    await restoreBackup(exec, spec(OTHERS), c, backup.file);
    expect(await postgresQuery(OTHERS, state)).toBe("1 0 3 f:postgres,g:postgres the admin's");

    // the administrator changed its function since the backup: the user cannot put it back
    await postgresQuery(OTHERS, 'CREATE OR REPLACE FUNCTION admin.f() RETURNS int LANGUAGE sql AS $$ SELECT 10 $$;');
    await app('INSERT INTO t VALUES (3);');
    const err = await restoreBackup(exec, spec(OTHERS), c, backup.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const { reason } = err as BackupError;
    expect(reason).toMatch(
      /^restore of .*: restore refused: the backup holds objects of other roles .*FUNCTION admin\.f\(\) \(owner postgres\)/,
    );
    expect(reason).not.toContain('public.g');
    expect(await postgresQuery(OTHERS, state)).toBe("1,3 0 12 f:postgres,g:postgres the admin's");
  });

  // `pg_restore -l` prints `TABLE DATA admin stuff my table postgres` (names unquoted): the refusal of
  // another role's data did not recognise it, and the restore ran into "permission denied for table my table"
  it("refuses, naming it, the data of an administrator's table whose schema and table names hold spaces", async () => {
    const app = (sql: string) => postgresQueryAs(SPACED, USER, PASSWORD, sql);
    await postgresQuery(
      SPACED,
      `CREATE SCHEMA "admin stuff"; GRANT USAGE ON SCHEMA "admin stuff" TO ${USER};
      CREATE TABLE "admin stuff"."my table" (x int); INSERT INTO "admin stuff"."my table" VALUES (7);
      GRANT SELECT ON "admin stuff"."my table" TO ${USER};`,
    );
    await app('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);');
    const c = await ctx();
    const backup = await runBackup(exec, spec(SPACED), c);
    await app('INSERT INTO t VALUES (2);');
    const state = `SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM t) || ' ' || (SELECT string_agg(x::text, ',') FROM "admin stuff"."my table")`;
    expect(await postgresQuery(SPACED, state)).toBe('1,2 7');

    const err = await restoreBackup(exec, spec(SPACED), c, backup.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const { reason, message } = err as BackupError;
    expect(reason, message).toMatch(/^restore of .*: restore refused: .*the data of table admin stuff\.my table \(owner postgres\)\./);
    expect(await postgresQuery(SPACED, state)).toBe('1,2 7');
  });

  // names holding "; Type: " / "; Schema: " and an owner holding ";": the header line was cut at the first
  // "; Type: " (or, for the owner, not read at all), the data of that role's table was not recognised, and
  // the restore ran into "permission denied"
  it("refuses, naming it, the data of another role's table whose names and owner hold the list's separators", async () => {
    const table = '"s; Type: TABLE"."t; Schema: x; Owner: y"';
    await postgresQuery(
      SEP,
      `CREATE ROLE ${ODD_OWNER}; CREATE SCHEMA "s; Type: TABLE"; GRANT USAGE ON SCHEMA "s; Type: TABLE" TO ${USER};
      CREATE TABLE ${table} (x int); INSERT INTO ${table} VALUES (7);
      ALTER TABLE ${table} OWNER TO ${ODD_OWNER}; GRANT SELECT ON ${table} TO ${USER};`,
    );
    const app = (sql: string) => postgresQueryAs(SEP, USER, PASSWORD, sql);
    await app('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);');
    const c = await ctx();
    const backup = await runBackup(exec, spec(SEP), c);
    await app('INSERT INTO t VALUES (2);');
    const state = `SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM t) || ' ' || (SELECT string_agg(x::text, ',') FROM ${table})`;
    expect(await postgresQuery(SEP, state)).toBe('1,2 7');

    const err = await restoreBackup(exec, spec(SEP), c, backup.file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const { reason, message } = err as BackupError;
    expect(reason, message).toMatch(
      /^restore of .*: restore refused: .*the data of table s; Type: TABLE\.t; Schema: x; Owner: y \(owner gd_ra_\w+_o;wn\)\./,
    );
    expect(await postgresQuery(SEP, state)).toBe('1,2 7');
  });
});
