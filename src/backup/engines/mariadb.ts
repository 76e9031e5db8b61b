/** MariaDB / MySQL: mysqldump → SQL text; restored with the mysql client. */
import type { BackupSpec } from '../types.js';
import { sqlIdentifier } from './sql-quote.js';
import type { EngineCommands, EngineVerify } from './types.js';

/** -u/-h/-P from the spec; the password travels in MYSQL_PWD, never here. */
export function mysqlConnectionArgs(spec: BackupSpec): string[] {
  const args: string[] = [];
  if (spec.user) args.push('-u', spec.user);
  if (spec.host) args.push('-h', spec.host);
  if (spec.port !== undefined) args.push('-P', String(spec.port));
  return args;
}

/** Consistent InnoDB snapshot, streamed row by row, with routines/triggers/events. */
export function mysqldumpArgv(spec: BackupSpec, database: string): string[] {
  return [
    'mysqldump',
    '--single-transaction',
    '--quick',
    '--routines',
    '--triggers',
    '--events',
    // MySQL >= 8.0.21 needs PROCESS for tablespaces; an app user rarely has it
    '--no-tablespaces',
    ...mysqlConnectionArgs(spec),
    database,
  ];
}

export function mysqlRestoreArgv(spec: BackupSpec, database: string): string[] {
  return ['mysql', ...mysqlConnectionArgs(spec), database];
}

/** The app user can create its own database when its grants are on `database`.* (they outlive a DROP DATABASE). */
export function mysqlCreateArgv(spec: BackupSpec, database: string): string[] {
  return ['mysql', ...mysqlConnectionArgs(spec), '-e', `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(database, '`')}`];
}

/** mysqldump writes "-- Dump completed" last; a dump cut short lacks it. */
const VERIFY: EngineVerify = {
  reader: 'tail -c 200',
  readerFailed: 'cannot read the end of the dump',
  check: `grep -q -e '-- Dump completed' "$T.out" || gd_fail "dump is incomplete: no '-- Dump completed' trailer"`,
};

export const mariadbEngine: EngineCommands = {
  passwordVar: 'MYSQL_PWD',
  dumpArgv: (spec, database) => mysqldumpArgv(spec, database),
  restoreArgv: (spec, database) => mysqlRestoreArgv(spec, database),
  createArgv: (spec, database) => mysqlCreateArgv(spec, database),
  verify: () => VERIFY,
};
