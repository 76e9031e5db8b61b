import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import type { ExecOptions, Executor } from '../../src/transport/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { createPostgresDb, dropPostgresDb, ensurePostgres, postgresQuery } from './harness/databases.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const available = await ensurePostgres();
const exec = new LocalExecutor();
const id = randomBytes(4).toString('hex');
const DB = `gd_bk_${id}`;
const SCRATCH = `gd_bk_${id}_restore`;
const EMPTY = `gd_bk_${id}_empty`;
const MIGRATED = `gd_bk_${id}_mig`;
const EXACT = `gd_bk_${id}_exact`;
const USER = `gd_bk_${id}`;
const PASSWORD = `p'w"$x \\y#z ${id}`;
const SHA = '0123456789abcdef0123456789abcdef01234567';

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const spec = (extra: Partial<BackupSpec> = {}): BackupSpec => ({
  engine: 'postgres',
  database: DB,
  user: USER,
  host: '127.0.0.1',
  port: 5432,
  keep: 5,
  ...extra,
});

describe.runIf(gate('postgresql', available))('backup e2e: PostgreSQL on the host', () => {
  let root: string;
  let n = 0;
  const ctx = async (extra: Partial<BackupContext> = {}): Promise<BackupContext> => ({
    deployPath: await mkdtemp(path.join(root, `deploy-${n++}-`)),
    target: 'api',
    sha: SHA,
    now: new Date('2024-12-31T23:59:58Z'),
    password: PASSWORD,
    ...extra,
  });

  beforeAll(async () => {
    root = await makeTempDir('gd-backup-pg');
    await createPostgresDb(DB, USER, PASSWORD);
    await createPostgresDb(SCRATCH, USER, PASSWORD);
    await createPostgresDb(EMPTY, USER, PASSWORD);
    await createPostgresDb(MIGRATED, USER, PASSWORD);
    await createPostgresDb(EXACT, USER, PASSWORD);
    // as the owner: objects then belong to the app user, like after its migrations
    const sql = `CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');`;
    await exec.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', USER, '-d', DB], {
      stdin: sql,
      env: { PGPASSWORD: PASSWORD },
    });
  });

  afterAll(async () => {
    await dropPostgresDb(SCRATCH);
    await dropPostgresDb(EMPTY);
    await dropPostgresDb(MIGRATED);
    await dropPostgresDb(EXACT);
    await dropPostgresDb(DB, USER);
    if (root) await removeTree(root);
  });

  it('backs up with the runner password (stdin), verifies, names, hashes and restores', async () => {
    const c = await ctx();
    const result = await runBackup(exec, spec(), c);
    expect(path.basename(result.file)).toMatch(/^api-20241231T235958Z-0123456789ab\.pgdump\.gz$/);
    expect(result.size).toBe((await stat(result.file)).size);
    const digest = await sha256(result.file);
    expect(result.sha256).toBe(digest);
    const sidecar = JSON.parse(await readFile(`${result.file}.json`, 'utf8'));
    expect(sidecar).toMatchObject({ engine: 'postgres', database: DB, sha256: digest, size: result.size, verified: true });

    await restoreBackup(exec, spec(), c, result.file, { database: SCRATCH });
    expect(await postgresQuery(SCRATCH, 'SELECT COUNT(*) FROM t')).toBe('3');
    // a second restore over the restored objects (rollback case): --clean --if-exists
    await restoreBackup(exec, spec(), c, result.file, { database: SCRATCH });
    expect(await postgresQuery(SCRATCH, 'SELECT COUNT(*) FROM t')).toBe('3');
  });

  it('an empty database is a valid backup', async () => {
    const c = await ctx();
    const result = await runBackup(exec, spec({ database: EMPTY }), c);
    expect(await sha256(result.file)).toBe(result.sha256);
  });

  it('a wrong password fails with BackupError and leaves nothing in backups/', async () => {
    const c = await ctx({ password: 'nope' });
    const err = await runBackup(exec, spec(), c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).reason).toMatch(/dump exited with status [1-9]/);
    expect((err as BackupError).stderr).toMatch(/password authentication failed/);
    expect(await readdir(path.join(c.deployPath, 'backups'))).toEqual([]);
  });

  it('a restore refuses a file whose sha256 no longer matches its sidecar', async () => {
    const c = await ctx();
    const result = await runBackup(exec, spec(), c);
    const sidecar = JSON.parse(await readFile(`${result.file}.json`, 'utf8'));
    await writeFile(`${result.file}.json`, JSON.stringify({ ...sidecar, sha256: 'f'.repeat(64) }));
    await expect(restoreBackup(exec, spec(), c, result.file, { database: SCRATCH })).rejects.toThrow(/sha256/);
  });

  // pg_restore --list reads only the archive's header and table of contents: a dump cut short in its
  // data passed it, was kept as verified, and retention then deleted the good backup before it
  it('a pg_dump cut short that exits 0 fails verification; the good backup before it stays', async () => {
    await exec.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', USER, '-d', DB], {
      stdin: `CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 4) AS s FROM generate_series(1, 20000) g;`,
      env: { PGPASSWORD: PASSWORD },
    });
    const bin = path.join(root, 'bin-cut');
    await mkdir(bin);
    // the real pg_dump, its output cut after 64 KiB (well inside table big's data), and exit 0
    await writeFile(path.join(bin, 'pg_dump'), '#!/bin/sh\n/usr/bin/pg_dump "$@" | head -c 65536\nexit 0\n');
    await chmod(path.join(bin, 'pg_dump'), 0o755);
    const cut: Executor = {
      name: 'local+cut pg_dump',
      run: (argv: string[], opts: ExecOptions = {}) =>
        exec.run(argv, { ...opts, env: { ...opts.env, PATH: `${bin}:${process.env.PATH}` } }),
      sh: (script: string, opts: ExecOptions = {}) =>
        exec.sh(script, { ...opts, env: { ...opts.env, PATH: `${bin}:${process.env.PATH}` } }),
      close: async () => undefined,
    };
    try {
      const c = await ctx();
      const good = await runBackup(exec, spec({ keep: 1 }), c);
      const err = await runBackup(cut, spec({ keep: 1 }), { ...c, now: new Date('2025-01-01T00:00:00Z') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as BackupError).reason).toMatch(/cut short/);
      expect((await readdir(path.join(c.deployPath, 'backups'))).sort()).toEqual([
        path.basename(good.file),
        `${path.basename(good.file)}.json`,
      ]);
    } finally {
      await exec.run(['psql', '-X', '-q', '-h', '127.0.0.1', '-U', USER, '-d', DB, '-c', 'DROP TABLE big'], {
        env: { PGPASSWORD: PASSWORD },
      });
    }
  });

  // rollback --restore-db after a migration that added a model with a foreign key to an existing one
  // (Django's most common migration): --clean could not drop the restored table the new one points
  // to, and the restore failed; a new table beside it stayed, and re-running its migration failed
  it('a restore replaces the tables created after the backup (a foreign key to a restored table, a new table in a schema)', async () => {
    const psql = (sql: string) =>
      exec.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', USER, '-d', MIGRATED], {
        stdin: sql,
        env: { PGPASSWORD: PASSWORD },
      });
    await psql(`CREATE TABLE author (id serial PRIMARY KEY, name text); INSERT INTO author (name) VALUES ('a'), ('b');
      CREATE TABLE django_migrations (id serial PRIMARY KEY, name text); INSERT INTO django_migrations (name) VALUES ('0001');
      CREATE SCHEMA app; CREATE TABLE app.t (id int); CREATE VIEW author_names AS SELECT name FROM author;`);
    const c = await ctx();
    const s = spec({ database: MIGRATED });
    const result = await runBackup(exec, s, c);
    await psql(`CREATE TABLE book (id serial PRIMARY KEY, author_id int REFERENCES author (id)); INSERT INTO book (author_id) VALUES (1);
      CREATE TABLE app.added (id int); INSERT INTO author (name) VALUES ('c'); INSERT INTO django_migrations (name) VALUES ('0002');`);

    await restoreBackup(exec, s, c, result.file);
    const tables = `SELECT string_agg(table_schema || '.' || table_name, ' ' ORDER BY 1) FROM information_schema.tables WHERE table_schema IN ('public', 'app')`;
    expect(await postgresQuery(MIGRATED, tables)).toBe('app.t public.author public.author_names public.django_migrations');
    expect(await postgresQuery(MIGRATED, "SELECT string_agg(name, ',' ORDER BY id) FROM author")).toBe('a,b');
    expect(await postgresQuery(MIGRATED, "SELECT string_agg(name, ',') FROM django_migrations")).toBe('0001');
    // the migration runs again as it did the first time
    await psql('CREATE TABLE book (id serial PRIMARY KEY, author_id int REFERENCES author (id));');
  });

  // a restore ran pg_restore --clean: it drops only what the dump holds, so the functions, types,
  // large objects, schemas and extensions made after the backup stayed; and the dump's
  // DROP EXTENSION of an extension an administrator installed failed ("must be owner of extension")
  it('a restore brings the database back to the backup exactly: objects of every kind made after it are gone', async () => {
    const psql = (sql: string) =>
      exec.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', USER, '-d', EXACT], {
        stdin: sql,
        env: { PGPASSWORD: PASSWORD },
      });
    const objects = `SELECT string_agg(x, ' ' ORDER BY x) FROM (
      SELECT 'ns:' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      UNION ALL SELECT 'rel:' || c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'fn:' || p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'type:' || t.oid::regtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'ext:' || extname FROM pg_extension
      UNION ALL SELECT 'lo:' || oid || '=' || encode(lo_get(oid), 'escape') FROM pg_largeobject_metadata
      UNION ALL SELECT 'op:' || o.oid::regoperator::text FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'opf:' || opfname FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
      UNION ALL SELECT 'opc:' || opcname FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
      UNION ALL SELECT 'coll:' || collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      UNION ALL SELECT 'tscfg:' || cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
      UNION ALL SELECT 'tsdict:' || dictname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
      UNION ALL SELECT 'conv:' || conname FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname NOT LIKE 'pg\\_%'
      UNION ALL SELECT 'cast:' || castsource::regtype || '->' || casttarget::regtype FROM pg_cast WHERE oid >= 16384
      UNION ALL SELECT 'pub:' || pubname FROM pg_publication
      UNION ALL SELECT 'fdw:' || fdwname FROM pg_foreign_data_wrapper
      UNION ALL SELECT 'srv:' || srvname FROM pg_foreign_server
      UNION ALL SELECT 'umap:' || srvname || '/' || usename FROM pg_user_mappings
      UNION ALL SELECT 'pol:' || polname || '@' || polrelid::regclass::text FROM pg_policy
      UNION ALL SELECT 'evt:' || evtname FROM pg_event_trigger) s(x)`;
    // installed by an administrator (the app user cannot drop it), then the app's own objects
    await postgresQuery(
      EXACT,
      `CREATE EXTENSION pg_trgm; CREATE EXTENSION postgres_fdw;
      GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO ${USER};`,
    );
    await psql(`CREATE EXTENSION hstore; CREATE TABLE t (id int PRIMARY KEY, h hstore); INSERT INTO t VALUES (1, 'a=>1');
      CREATE FUNCTION f1() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TYPE mood AS ENUM ('ok');
      CREATE SCHEMA app; CREATE TABLE app.x (id int); SELECT lo_from_bytea(0, 'kept');
      CREATE COLLATION coll_kept (provider = libc, locale = 'C'); CREATE TEXT SEARCH CONFIGURATION cfg_kept (COPY = english);
      CREATE OPERATOR ~~~ (leftarg = text, rightarg = text, function = texteq); CREATE PUBLICATION pub_kept FOR TABLE t;
      CREATE SERVER srv_kept FOREIGN DATA WRAPPER postgres_fdw; CREATE USER MAPPING FOR CURRENT_USER SERVER srv_kept;`);
    const c = await ctx();
    const s = spec({ database: EXACT });
    const result = await runBackup(exec, s, c);
    const before = await postgresQuery(EXACT, objects);
    expect(before).toMatch(
      /coll:coll_kept.*ext:pg_trgm.*fn:f1\(\).*lo:\d+=kept.*ns:app.*op:~~~\(text,text\).*pub:pub_kept.*srv:srv_kept.*tscfg:cfg_kept.*umap:srv_kept/,
    );

    await psql(`CREATE FUNCTION f2() RETURNS int LANGUAGE sql AS 'SELECT 2'; CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
      CREATE AGGREGATE mysum (int) (sfunc = int4pl, stype = int); CREATE TYPE mood2 AS ENUM ('new'); CREATE DOMAIN pos AS int CHECK (VALUE > 0);
      CREATE TYPE pair AS (a int, b int); CREATE SEQUENCE s2; CREATE VIEW v AS SELECT 1 AS one; CREATE SCHEMA other;
      CREATE TABLE other.y (id int); CREATE TABLE app.z (m mood); SELECT lo_from_bytea(0, 'new'); CREATE EXTENSION pgcrypto;
      ALTER TYPE mood ADD VALUE 'later'; INSERT INTO t VALUES (2, 'b=>2');`);
    // objects outside tables, functions and types: built on the system's functions, they do not go with the user's objects
    await psql(`CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq); CREATE COLLATION coll_c (provider = libc, locale = 'C');
      CREATE TEXT SEARCH DICTIONARY dict_simple (TEMPLATE = simple); CREATE TEXT SEARCH CONFIGURATION cfg_en (COPY = english);
      CREATE CONVERSION conv_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1; CREATE CAST (mood AS int) WITH INOUT;
      CREATE PUBLICATION pub FOR TABLE t; ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY pol ON t USING (id > 0);
      CREATE SERVER srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', dbname 'none');
      CREATE USER MAPPING FOR CURRENT_USER SERVER srv OPTIONS (user 'u', password 'p'); CREATE FOREIGN TABLE ft (id int) SERVER srv;`);
    // operator classes and families: only a superuser creates them, then gives them to the app user
    await postgresQuery(
      EXACT,
      `CREATE OPERATOR FAMILY fam USING btree; ALTER OPERATOR FAMILY fam USING btree OWNER TO ${USER};
      CREATE OPERATOR CLASS int_ops2 FOR TYPE int USING btree FAMILY fam AS OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 btint4cmp(int, int);
      ALTER OPERATOR CLASS int_ops2 USING btree OWNER TO ${USER};`,
    );
    expect(await postgresQuery(EXACT, objects)).not.toBe(before);

    await restoreBackup(exec, s, c, result.file);
    expect(await postgresQuery(EXACT, objects)).toBe(before);
    expect(await postgresQuery(EXACT, "SELECT string_agg(id || ':' || (h -> 'a'), ',') FROM t")).toBe('1:1');
    expect(await postgresQuery(EXACT, 'SELECT enum_range(NULL::mood)::text')).toBe('{ok}');
  });

  // a publication of another role (a superuser's FOR ALL TABLES one, for change data capture) is in the
  // app user's dump: its DROP PUBLICATION failed ("must be owner of publication"), and every restore
  // of the database, rollback --restore-db included, failed
  it("a publication of another role in the database stays as it is; the app user's own comes back", async () => {
    const DB6 = `gd_bk_${id}_pub`;
    await createPostgresDb(DB6, USER, PASSWORD);
    const psql = (sql: string) =>
      exec.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', USER, '-d', DB6], {
        stdin: sql,
        env: { PGPASSWORD: PASSWORD },
      });
    const pubs = `SELECT string_agg(pubname || ':' || pubowner::regrole::text || ':' || puballtables
      || ':' || coalesce((SELECT string_agg(prrelid::regclass::text, ',') FROM pg_publication_rel WHERE prpubid = p.oid), ''), ' ' ORDER BY pubname)
      FROM pg_publication p`;
    try {
      await psql(
        `CREATE TABLE t (id int); INSERT INTO t VALUES (1); CREATE PUBLICATION app_pub FOR TABLE t WITH (publish = 'insert, update');`,
      );
      await postgresQuery(DB6, 'CREATE PUBLICATION cdc FOR ALL TABLES;');
      const c = await ctx();
      const s = spec({ database: DB6 });
      const result = await runBackup(exec, s, c);
      const before = await postgresQuery(DB6, pubs);
      expect(before).toBe(`app_pub:${USER}:false:t cdc:postgres:true:`);
      await psql('DROP PUBLICATION app_pub; INSERT INTO t VALUES (2);');

      await restoreBackup(exec, s, c, result.file);
      expect(await postgresQuery(DB6, pubs)).toBe(before);
      expect(await postgresQuery(DB6, "SELECT string_agg(id::text, ',') FROM t")).toBe('1');
    } finally {
      await dropPostgresDb(DB6);
    }
  });

  // the drops run in the restore's one transaction: a load that fails (here an archive cut short in
  // its data, its sidecar rewritten to match) leaves every object as it was, none dropped
  it('a restore that fails drops nothing: the database stays as it was', async () => {
    const DB4 = `gd_bk_${id}_fail`;
    await createPostgresDb(DB4, USER, PASSWORD);
    const psql = (sql: string) =>
      exec.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', USER, '-d', DB4], {
        stdin: sql,
        env: { PGPASSWORD: PASSWORD },
      });
    try {
      await psql(`CREATE TABLE t (id int); INSERT INTO t VALUES (1);
        CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 4) AS s FROM generate_series(1, 20000) g;`);
      const c = await ctx();
      const s = spec({ database: DB4 });
      const result = await runBackup(exec, s, c);
      await psql(`CREATE FUNCTION f2() RETURNS int LANGUAGE sql AS 'SELECT 2'; CREATE SCHEMA later; SELECT lo_from_bytea(0, 'x');
        INSERT INTO t VALUES (2);`);
      const f = result.file;
      await exec.sh(`gzip -dc '${f}' | head -c 65536 | gzip > '${f}.cut' && mv '${f}.cut' '${f}'`);
      const sidecar = JSON.parse(await readFile(`${f}.json`, 'utf8'));
      await writeFile(`${f}.json`, JSON.stringify({ ...sidecar, sha256: await sha256(f) }));
      const state = `SELECT (SELECT count(*) FROM pg_proc WHERE proname = 'f2') || ' ' || (SELECT count(*) FROM pg_namespace WHERE nspname = 'later')
        || ' ' || (SELECT count(*) FROM pg_largeobject_metadata) || ' ' || (SELECT string_agg(id::text, ',' ORDER BY id) FROM t)`;
      expect(await postgresQuery(DB4, state)).toBe('1 1 1 1,2');
      await expect(restoreBackup(exec, s, c, result.file)).rejects.toThrow(BackupError);
      expect(await postgresQuery(DB4, state)).toBe('1 1 1 1,2');
    } finally {
      await dropPostgresDb(DB4);
    }
  });
});
