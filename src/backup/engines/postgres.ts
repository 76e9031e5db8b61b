/** PostgreSQL: pg_dump custom format (uncompressed: gzip runs on the host) → pg_restore. */
import { shellQuote } from '../../transport/quote.js';
import type { BackupSpec } from '../types.js';
import { sqlIdentifier } from './sql-quote.js';
import type { EngineCommands, EngineVerify, RunWhere } from './types.js';

/** -U/-h/-p from the spec; the password travels in PGPASSWORD, never here. */
export function pgConnectionArgs(spec: BackupSpec): string[] {
  const args: string[] = [];
  if (spec.user) args.push('-U', spec.user);
  if (spec.host) args.push('-h', spec.host);
  if (spec.port !== undefined) args.push('-p', String(spec.port));
  return args;
}

/** -w: never prompt (no tty over ssh: a missing password must fail, not hang). */
export function pgDumpArgv(spec: BackupSpec, database: string): string[] {
  return ['pg_dump', '-Fc', '-Z0', '-w', ...pgConnectionArgs(spec), '-d', database];
}

/** The archive (stdin) as one SQL script (stdout) in BEGIN … COMMIT, replacing the objects it holds (pg_restore connects to nothing). */
export function pgRestoreScriptArgv(): string[] {
  return ['pg_restore', '--clean', '--if-exists', '--no-owner', '--single-transaction', '-f', '-'];
}

/** psql running the SQL on stdin into `database`, stopping at the first error. */
export function pgRestorePsqlArgv(spec: BackupSpec, database: string): string[] {
  return ['psql', '-X', '-q', '-w', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec), '-d', database];
}

/**
 * SQL run first, in the restore's transaction: the tables, views and sequences the user may drop
 * (not those of an extension, nor a sequence owned by a column: it goes with its table) are dropped,
 * so that a table created after the backup neither stays nor blocks `--clean` (a foreign key to a
 * restored table, a new table in a restored schema). Its warning about the script's own BEGIN is hidden.
 */
export const PG_RESTORE_PRELUDE = `SET client_min_messages = error;
BEGIN;
DO $gd$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relkind, format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT c.relispartition
      AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
      AND pg_catalog.pg_has_role(c.relowner, 'USAGE')
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
  END LOOP;
END $gd$;`;

/** Printed by psql only once the transaction committed. */
const COMMITTED = 'GD_PG_COMMITTED';

/**
 * Atomic restore that replaces the database's tables (rollback) and works for a non-superuser: the
 * prelude, then the archive as SQL, in one transaction run by psql. COMMIT and the marker follow only
 * when pg_restore read the whole archive: a script cut short ends without them and is rolled back.
 */
export function pgRestoreCommand(dump: string, script: string, psql: string): string {
  const done = shellQuote(`\\echo ${COMMITTED}`);
  return `[ "$( { printf '%s\\n' ${shellQuote(PG_RESTORE_PRELUDE)}; ${dump} | ${script} && printf '%s\\n' ${done}; } | ${psql} | tail -n 1 )" = ${COMMITTED} ]`;
}

/** From the maintenance database `postgres`; the user needs CREATEDB (it then owns the database). */
export function pgCreateArgv(spec: BackupSpec, database: string): string[] {
  const sql = `CREATE DATABASE ${sqlIdentifier(database, '"')}`;
  return ['psql', '-X', '-w', '-q', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec), '-d', 'postgres', '-c', sql];
}

/**
 * pg_restore must read the archive's table of contents (an empty database lists 0 entries: fine)
 * in the stream, then the whole archive from the file: --list reads the header and the table of
 * contents only, so a dump cut short in its data (a pg_dump that exits 0 all the same) passes it;
 * writing the restore script to /dev/null reads every data block and fails on a missing one.
 */
function verify(run: RunWhere): EngineVerify {
  return {
    reader: run(['pg_restore', '--list']),
    readerFailed: 'pg_restore --list cannot read the archive',
    check: `grep -q '^;[[:space:]]*Format: CUSTOM' "$T.out" || gd_fail "pg_restore --list printed no archive header"
gzip -dc "$T" | ${run(['pg_restore', '-f', '/dev/null'])} 2>>"$T.err" || gd_fail "the archive is cut short: pg_restore cannot read it to its end"`,
  };
}

export const postgresEngine: EngineCommands = {
  passwordVar: 'PGPASSWORD',
  dumpArgv: (spec, database) => pgDumpArgv(spec, database),
  restoreCommand: (spec, database, _tmp, dump, run) =>
    pgRestoreCommand(dump, run(pgRestoreScriptArgv()), run(pgRestorePsqlArgv(spec, database))),
  createArgv: (spec, database) => pgCreateArgv(spec, database),
  verify,
};
