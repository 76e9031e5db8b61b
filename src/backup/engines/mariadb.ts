/** MariaDB / MySQL: mysqldump → SQL text; restored with the mysql client. */
import { shellQuote } from '../../transport/quote.js';
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

/** `DROP <what> IF EXISTS` of every object of the current database whose table_type is one of `types`, as SQL lines. */
function dropAll(what: string, types: string): string[] {
  const names = "SELECT GROUP_CONCAT('`', REPLACE(table_name, '`', '``'), '`') FROM information_schema.tables";
  return [
    `SET @gd_drop = (${names} WHERE table_schema = DATABASE() AND table_type IN (${types}));`,
    `SET @gd_drop = IF(@gd_drop IS NULL, 'DO 0', CONCAT('DROP ${what} IF EXISTS ', @gd_drop));`,
    'PREPARE gd_drop FROM @gd_drop;',
    'EXECUTE gd_drop;',
    'DEALLOCATE PREPARE gd_drop;',
  ];
}

/**
 * SQL sent before the dump: the views and tables of the database are dropped, so that a table
 * created after the backup (a migration of the release being undone) does not stay beside the
 * restored ones (mysqldump drops only the tables it dumped); the dump then creates them again.
 */
export const MYSQL_RESTORE_PRELUDE = [
  'SET SESSION group_concat_max_len = 4294967295;',
  'SET FOREIGN_KEY_CHECKS = 0;',
  ...dropAll('VIEW', "'VIEW'"),
  ...dropAll('TABLE', "'BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE'"),
].join('\n');

/** The prelude, then the dump, into the mysql client. */
export function mysqlRestoreCommand(dump: string, client: string): string {
  return `{ printf '%s\\n' ${shellQuote(MYSQL_RESTORE_PRELUDE)}; ${dump}; } | ${client}`;
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
  restoreCommand: (spec, database, _tmp, dump, run) => mysqlRestoreCommand(dump, run(mysqlRestoreArgv(spec, database))),
  createArgv: (spec, database) => mysqlCreateArgv(spec, database),
  verify: () => VERIFY,
};
