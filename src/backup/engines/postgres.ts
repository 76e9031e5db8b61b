/** PostgreSQL: pg_dump custom format (uncompressed: gzip runs on the host) → pg_restore. */
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

/** Atomic restore that replaces existing objects (rollback) and works for a non-superuser. */
export function pgRestoreArgv(spec: BackupSpec, database: string): string[] {
  return [
    'pg_restore',
    '-w',
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    '--exit-on-error',
    ...pgConnectionArgs(spec),
    '-d',
    database,
  ];
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
  restoreArgv: (spec, database) => pgRestoreArgv(spec, database),
  createArgv: (spec, database) => pgCreateArgv(spec, database),
  verify,
};
