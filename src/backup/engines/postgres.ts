/** PostgreSQL: pg_dump custom format (uncompressed: gzip runs on the host) → pg_restore. */
import path from 'node:path';
import { shellQuote } from '../../transport/quote.js';
import type { BackupSpec } from '../types.js';
import { pgOwnedListCommand } from './postgres-list.js';
import { PG_RESTORE_PRELUDE } from './postgres-prelude.js';
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

/**
 * The archive (stdin) as one SQL script (stdout) in BEGIN … COMMIT, replacing the objects it holds
 * (pg_restore connects to nothing); `list`: only the entries that list selects (see postgres-list.ts).
 */
export function pgRestoreScriptArgv(list?: string): string[] {
  return ['pg_restore', '--clean', '--if-exists', '--no-owner', '--single-transaction', ...(list ? ['-L', list] : []), '-f', '-'];
}

/**
 * The restore: the list leaving out the entries of other roles the live database has as they are
 * (or a refusal), then the load with it; the list is removed whatever happened.
 */
function restoreWithList(spec: BackupSpec, database: string, tmp: string, dump: string, run: RunWhere, plain: RunWhere): string {
  const list = path.posix.join(tmp, '.gd-pg-restore.list');
  const load = pgRestoreCommand(dump, run(pgRestoreScriptArgv(list)), run(pgRestorePsqlArgv(spec, database)));
  return `{ ${pgOwnedListCommand(pgConnectionArgs(spec), database, dump, run, list, plain)}
${load}
gd_rc=$?
${plain(['rm', '-f', list])} </dev/null
[ "$gd_rc" = 0 ]; }`;
}

/** psql running the SQL on stdin into `database`, stopping at the first error. */
export function pgRestorePsqlArgv(spec: BackupSpec, database: string): string[] {
  return ['psql', '-X', '-q', '-w', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec), '-d', database];
}

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
 * pg_dump stopped by an object the backup user may not read ("permission denied for schema admin":
 * an administrator's schema in the app's database): named, with the grant that lets the backup read
 * it. No schema is left out of the dump: a backup must hold the whole database.
 */
export const PG_DUMP_DENIED = String.raw`gd_what=$(sed -n -E 's/.*ERROR: +permission denied for (schema|table|sequence) (.*)$/\1 \2/p' "$T.err" | head -n 1)
gd_name=$(printf '%s' "$gd_what" | cut -d ' ' -f 2-)
case $gd_what in
  schema\ *) gd_fail "pg_dump cannot read $gd_what: the backup user has no USAGE on that schema (another role's), and a backup holds the whole database (no setting leaves a schema out). Have its owner run GRANT USAGE ON SCHEMA $gd_name TO <backup user>; GRANT SELECT ON ALL TABLES IN SCHEMA $gd_name TO <backup user>; GRANT SELECT ON ALL SEQUENCES IN SCHEMA $gd_name TO <backup user>; or move that schema out of the database, then back up again" ;;
  ?*) gd_fail "pg_dump cannot read $gd_what: the backup user has no SELECT on it (another role's), and a backup holds the whole database. Have its owner run GRANT SELECT ON $gd_what TO <backup user>, or move it out of the database, then back up again" ;;
esac`;

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
    dumpFailed: PG_DUMP_DENIED,
  };
}

export const postgresEngine: EngineCommands = {
  passwordVar: 'PGPASSWORD',
  dumpArgv: (spec, database) => pgDumpArgv(spec, database),
  restoreCommand: restoreWithList,
  createArgv: (spec, database) => pgCreateArgv(spec, database),
  verify,
};
