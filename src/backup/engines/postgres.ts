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

/** `FOR r IN <query> LOOP EXECUTE r.sql; END LOOP;` (a PL/pgSQL loop running each generated statement). */
const each = (query: string): string => `  FOR r IN ${query}\n  LOOP EXECUTE r.sql; END LOOP;`;

/**
 * Conditions on an object `o` of catalog `catalog`: the restoring user may drop it, and no extension
 * owns it (nor, with the default `deptypes`, another object it goes with).
 */
const mine = (owner: string, catalog: string, oid: string, deptypes = `'e', 'a', 'i'`): string =>
  `pg_catalog.pg_has_role(${owner}, 'USAGE') AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype IN (${deptypes}))`;

const NOT_SYSTEM = (ns: string): string => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname NOT LIKE 'pg\\_%'`;

/**
 * The loop dropping the user's objects of catalog `catalog` (alias `x`, in a schema: `n`) that live in a
 * schema kept by the drops above (public, one of another role): `what` is the DROP's object (format
 * text, from the row), `ns` the namespace column (none: an object outside schemas). Only extension
 * members are kept: an operator class depends on its family (`a`), which may be another role's.
 */
function dropOwned(what: string, catalog: string, owner: string, ns?: string): string {
  const from = ns ? `${catalog} x JOIN pg_catalog.pg_namespace n ON n.oid = x.${ns} WHERE ${NOT_SYSTEM('n')} AND` : `${catalog} x WHERE`;
  return each(`SELECT format('DROP %s IF EXISTS %s CASCADE', ${what}) AS sql
    FROM ${from} ${mine(`x.${owner}`, catalog, 'x.oid', `'e'`)}`);
}

/** `schema.name` of a row of a catalog in a schema (format's %I.%I, as one text). */
const qualified = (name: string): string => `format('%I.%I', n.nspname, x.${name})`;

/**
 * The user's objects that no drop of a table, function or type takes with it (they may be built on
 * the system's functions and types only): operator classes and families (a superuser made them, then
 * gave them to the user), operators, collations, text search configurations and dictionaries,
 * conversions, publications, foreign servers (their user mappings go with them), and, for a
 * superuser, foreign data wrappers and event triggers. Members of extensions stay (`mine`).
 */
const OTHER_DROPS = [
  dropOwned(
    `'OPERATOR CLASS', ${qualified('opcname')} || ' USING ' || (SELECT pg_catalog.quote_ident(amname) FROM pg_catalog.pg_am WHERE oid = x.opcmethod)`,
    'pg_catalog.pg_opclass',
    'opcowner',
    'opcnamespace',
  ),
  dropOwned(
    `'OPERATOR FAMILY', ${qualified('opfname')} || ' USING ' || (SELECT pg_catalog.quote_ident(amname) FROM pg_catalog.pg_am WHERE oid = x.opfmethod)`,
    'pg_catalog.pg_opfamily',
    'opfowner',
    'opfnamespace',
  ),
  dropOwned(
    `'OPERATOR', format('%I.%s (%s, %s)', n.nspname, x.oprname, CASE x.oprleft WHEN 0 THEN 'NONE' ELSE x.oprleft::pg_catalog.regtype::text END, x.oprright::pg_catalog.regtype)`,
    'pg_catalog.pg_operator',
    'oprowner',
    'oprnamespace',
  ),
  dropOwned(`'COLLATION', ${qualified('collname')}`, 'pg_catalog.pg_collation', 'collowner', 'collnamespace'),
  dropOwned(`'TEXT SEARCH CONFIGURATION', ${qualified('cfgname')}`, 'pg_catalog.pg_ts_config', 'cfgowner', 'cfgnamespace'),
  dropOwned(`'TEXT SEARCH DICTIONARY', ${qualified('dictname')}`, 'pg_catalog.pg_ts_dict', 'dictowner', 'dictnamespace'),
  dropOwned(`'CONVERSION', ${qualified('conname')}`, 'pg_catalog.pg_conversion', 'conowner', 'connamespace'),
  dropOwned(`'PUBLICATION', pg_catalog.quote_ident(x.pubname)`, 'pg_catalog.pg_publication', 'pubowner'),
  dropOwned(`'SERVER', pg_catalog.quote_ident(x.srvname)`, 'pg_catalog.pg_foreign_server', 'srvowner'),
  dropOwned(`'FOREIGN DATA WRAPPER', pg_catalog.quote_ident(x.fdwname)`, 'pg_catalog.pg_foreign_data_wrapper', 'fdwowner'),
  dropOwned(`'EVENT TRIGGER', pg_catalog.quote_ident(x.evtname)`, 'pg_catalog.pg_event_trigger', 'evtowner'),
].join('\n');

/**
 * SQL run first, in the restore's transaction: everything the restoring user owns in the database
 * (and may drop) is dropped, so that the restore brings the database back to the backup and nothing
 * made after it stays or blocks `--clean` (a foreign key to a restored table, a new table in a
 * restored schema): the extensions it installed (trusted ones; the dump installs those it had
 * again), its schemas but public, then in the others its tables, views, sequences (not one owned by
 * a column: it goes with its table), functions, procedures, aggregates, types and domains, and its
 * large objects. Objects of other roles stay (the user cannot drop them). Its warning about the
 * script's own BEGIN is hidden.
 */
export const PG_RESTORE_PRELUDE = `SET client_min_messages = error;
BEGIN;
DO $gd$
DECLARE r record;
BEGIN
${each(`SELECT format('DROP EXTENSION IF EXISTS %I CASCADE', e.extname) AS sql FROM pg_catalog.pg_extension e
    WHERE e.extname <> 'plpgsql' AND pg_catalog.pg_has_role(e.extowner, 'USAGE')`)}
${each(`SELECT format('DROP SCHEMA IF EXISTS %I CASCADE', n.nspname) AS sql FROM pg_catalog.pg_namespace n
    WHERE n.nspname <> 'public' AND ${NOT_SYSTEM('n')} AND ${mine('n.nspowner', 'pg_catalog.pg_namespace', 'n.oid')}`)}
${each(`SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname) AS sql
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT c.relispartition AND ${NOT_SYSTEM('n')}
      AND ${mine('c.relowner', 'pg_catalog.pg_class', 'c.oid')}`)}
${each(`SELECT format('DROP %s IF EXISTS %I.%I(%s) CASCADE',
      CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
      n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) AS sql
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE ${NOT_SYSTEM('n')} AND ${mine('p.proowner', 'pg_catalog.pg_proc', 'p.oid')}`)}
${each(`SELECT format('DROP %s IF EXISTS %I.%I CASCADE', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
      n.nspname, t.typname) AS sql
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('c', 'd', 'e', 'r') AND ${NOT_SYSTEM('n')}
      AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
      AND ${mine('t.typowner', 'pg_catalog.pg_type', 't.oid')}`)}
${OTHER_DROPS}
  PERFORM pg_catalog.lo_unlink(l.oid) FROM pg_catalog.pg_largeobject_metadata l WHERE pg_catalog.pg_has_role(l.lomowner, 'USAGE');
END $gd$;`;

/** A one-line statement `&` (sed) run in a DO block that ignores "must be owner / superuser" and "already exists". */
const UNLESS_NOT_MINE = String.raw`DO $gd_pub$ BEGIN EXECUTE $gd_q$&$gd_q$; EXCEPTION WHEN insufficient_privilege OR duplicate_object THEN NULL; END $gd_pub$;`;

/**
 * The restore script's lines that fail for a user who does not own an extension the dump holds
 * (one an administrator installed): its DROP (the prelude dropped the user's own) and its COMMENT
 * (set by CREATE EXTENSION anyway). The statements on publications (one line each) skip one of
 * another role (a superuser's FOR ALL TABLES publication for change data capture): it stays as it
 * is; the user's own were dropped by the prelude and are made again. COPY data blocks are passed
 * through untouched (sed script).
 */
export const PG_SCRIPT_FILTER = String.raw`/^COPY .* FROM stdin;$/,/^\\\.$/b
/^DROP EXTENSION IF EXISTS [^;]*;$/d
/^COMMENT ON EXTENSION [^;]* IS '.*';$/d
${['DROP', 'CREATE', 'ALTER', 'COMMENT ON'].map((verb) => `s/^${verb} PUBLICATION .*;$/${UNLESS_NOT_MINE}/`).join('\n')}`;

/** Printed by psql only once the transaction committed. */
const COMMITTED = 'GD_PG_COMMITTED';

/**
 * Atomic restore that replaces the database's tables (rollback) and works for a non-superuser: the
 * prelude, then the archive as SQL, in one transaction run by psql. COMMIT and the marker follow only
 * when pg_restore read the whole archive: a script cut short ends without them and is rolled back.
 */
export function pgRestoreCommand(dump: string, script: string, psql: string): string {
  const done = shellQuote(`\\echo ${COMMITTED}`);
  const sql = `{ printf '%s\\n' ${shellQuote(PG_RESTORE_PRELUDE)}; ${dump} | ${script} && printf '%s\\n' ${done}; }`;
  return `[ "$( ${sql} | sed -e ${shellQuote(PG_SCRIPT_FILTER)} | ${psql} | tail -n 1 )" = ${COMMITTED} ]`;
}

/** From the maintenance database `postgres`; the user needs CREATEDB (it then owns the database). */
export function pgCreateArgv(spec: BackupSpec, database: string): string[] {
  const sql = `CREATE DATABASE ${sqlIdentifier(database, '"')}`;
  return ['psql', '-X', '-w', '-q', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec), '-d', 'postgres', '-c', sql];
}

/**
 * pg_restore reads the plain archive on its way into gzip (stdin, not seekable: like a restore) and
 * writes the restore script to /dev/null: it reads every data block, so a dump cut short in its
 * data (a pg_dump that exits 0 all the same) fails, as does one that is empty or not a custom-format
 * archive. `--list` would read only the header and the table of contents (a dump cut short in its
 * data passes it). The finished file is not decompressed again.
 */
function verify(run: RunWhere): EngineVerify {
  return {
    reader: run(['pg_restore', '-f', '/dev/null']),
    readerFailed: 'pg_restore cannot read the archive to its end: the archive is cut short, or not a custom-format archive',
    check: '',
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
