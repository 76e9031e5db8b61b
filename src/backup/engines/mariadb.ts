/** MariaDB / MySQL: mysqldump → SQL text; restored with the mysql client. */
import { shellQuote } from '../../transport/quote.js';
import type { BackupSpec } from '../types.js';
import { mysqlRoutineGrantsFilter } from './mariadb-grants.js';
import { sqlIdentifier } from './sql-quote.js';
import type { EngineBlindSpot, EngineCommands, EngineVerify } from './types.js';

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

/**
 * SQL text printing one `DROP ... IF EXISTS` line per routine (procedure, function) and event of
 * the current database: mysqldump drops only those it dumped, so those made after the backup would
 * stay. Triggers go with their tables (the prelude).
 */
const LIST_DROPS = [
  "SELECT CONCAT('DROP ', routine_type, ' IF EXISTS `', REPLACE(routine_name, '`', '``'), '`;')",
  "FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_type IN ('PROCEDURE', 'FUNCTION')",
  "UNION ALL SELECT CONCAT('DROP EVENT IF EXISTS `', REPLACE(event_name, '`', '``'), '`;')",
  'FROM information_schema.events WHERE event_schema = DATABASE()',
].join(' ');

/** argv printing the DROP lines of LIST_DROPS (raw: names are not escaped by the client). */
export function mysqlListDropsArgv(spec: BackupSpec, database: string): string[] {
  return ['mysql', '-N', '-B', '-r', ...mysqlConnectionArgs(spec), '-e', LIST_DROPS, database];
}

/** A DEFINER as mysqldump writes it: `user`@`host` or `role` (backticks doubled inside). */
const DEFINER = '`([^`]|``)*`(@`([^`]|``)*`)?';

/**
 * sed -E script removing the DEFINER clauses of mysqldump's view, trigger, event and routine lines
 * (anchored at their line starts: rows of data start with `(` or INSERT and are left alone), so that
 * a user without SUPER / SET USER restores objects an administrator defined (ERROR 1227): the
 * restored objects are defined by the restoring user.
 */
export const MYSQL_DEFINER_FILTER = [
  `s/^(\\/\\*!50013 )DEFINER=${DEFINER} (SQL SECURITY )/\\1\\5/`,
  `s/^(\\/\\*!50003 CREATE\\*\\/ )\\/\\*!50017 DEFINER=${DEFINER}\\*\\/ /\\1/`,
  `s/^(\\/\\*!50106 CREATE\\*\\/ )\\/\\*!50117 DEFINER=${DEFINER}\\*\\/ /\\1/`,
  `s/^CREATE DEFINER=${DEFINER} /CREATE /`,
].join('\n');

/**
 * The DROP lines of the routines and events (a failed listing ends the load before anything is
 * dropped: its line is no SQL), the prelude, then the dump without DEFINER clauses, into the client.
 */
export function mysqlRestoreCommand(dump: string, client: string, listDrops: string): string {
  const drops = `{ ${listDrops} </dev/null || echo 'GD_LISTING_ROUTINES_FAILED;'; }`;
  return `{ ${drops}; printf '%s\\n' ${shellQuote(MYSQL_RESTORE_PRELUDE)}; ${dump} | sed -E -e ${shellQuote(MYSQL_DEFINER_FILTER)}; } | ${client}`;
}

/** The app user can create its own database when its grants are on `database`.* (they outlive a DROP DATABASE). */
export function mysqlCreateArgv(spec: BackupSpec, database: string): string[] {
  return ['mysql', ...mysqlConnectionArgs(spec), '-e', `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(database, '`')}`];
}

/** What lets mysqldump read every routine, whoever defined it. */
const ROUTINES_GRANT =
  'GRANT SELECT ON mysql.proc TO the backup user (MariaDB 11.3+: or SHOW CREATE ROUTINE ON the database; MySQL 8: SHOW_ROUTINE), then back up again';

/**
 * mysqldump writes "-- Dump completed" last; a dump cut short lacks it. A routine defined by another
 * account (DEFINER=root) stops it (exit 2, "insufficient privileges to SHOW CREATE"): named with the grant.
 */
const VERIFY: EngineVerify = {
  reader: 'tail -c 200',
  readerFailed: 'cannot read the end of the dump',
  check: `grep -q -e '-- Dump completed' "$T.out" || gd_fail "dump is incomplete: no '-- Dump completed' trailer"`,
  dumpFailed: `grep -q 'insufficient privileges to SHOW CREATE' "$T.err" && gd_fail ${shellQuote(
    `mysqldump cannot read a routine (stored procedure or function) another account defined: ${ROUTINES_GRANT}`,
  )}`,
};

/**
 * The privileges of the current user that show it every routine of the database (else mysqldump
 * leaves out those it cannot see, and exits 0): a routine privilege on the database or globally, or
 * SELECT on mysql.proc. Prints their number. information_schema's privilege tables list the user's
 * own grants only, not those of its enabled roles: mysql.proc is counted when information_schema.TABLES
 * shows it to the user, which it does for a privilege held in any way (global, on the database, on
 * the table, directly or through a role). Then lower_case_table_names (grants then ignore case).
 */
const ROUTINE_VISIBILITY = `SELECT COUNT(*), @@lower_case_table_names FROM (
  SELECT privilege_type AS p, 1 AS g FROM information_schema.USER_PRIVILEGES
  UNION ALL SELECT privilege_type, 0 FROM information_schema.SCHEMA_PRIVILEGES WHERE DATABASE() LIKE table_schema
  UNION ALL SELECT 'SELECT PROC', 0 FROM information_schema.TABLES WHERE table_schema = 'mysql' AND table_name = 'proc'
) x WHERE p IN ('EXECUTE', 'ALTER ROUTINE', 'CREATE ROUTINE', 'SHOW CREATE ROUTINE', 'SHOW_ROUTINE', 'SELECT PROC') OR (g = 1 AND p = 'SELECT')`;

/**
 * ROUTINE_VISIBILITY's count, then SHOW GRANTS: the current user's grants and those of its default
 * role (and of the roles granted to that role), which information_schema does not show.
 */
export function mysqlRoutineVisibilityArgv(spec: BackupSpec, database: string): string[] {
  return ['mysql', '-N', '-B', ...mysqlConnectionArgs(spec), '-e', `${ROUTINE_VISIBILITY}; SHOW GRANTS`, database];
}

const BLIND_SPOT: EngineBlindSpot = {
  argv: mysqlRoutineVisibilityArgv,
  filter: mysqlRoutineGrantsFilter,
  failed: `the backup user cannot see the routines (stored procedures and functions) of the database that another account defined: it has no EXECUTE, CREATE ROUTINE or ALTER ROUTINE on the database (neither itself nor through its default role), and mysqldump leaves out without a word every routine it cannot see. ${ROUTINES_GRANT}`,
};

export const mariadbEngine: EngineCommands = {
  passwordVar: 'MYSQL_PWD',
  dumpArgv: (spec, database) => mysqldumpArgv(spec, database),
  restoreCommand: (spec, database, _tmp, dump, run) =>
    mysqlRestoreCommand(dump, run(mysqlRestoreArgv(spec, database)), run(mysqlListDropsArgv(spec, database))),
  // the prelude drops the tables, each statement of the dump commits on its own (DDL)
  partialOnFailure: true,
  createArgv: (spec, database) => mysqlCreateArgv(spec, database),
  verify: () => VERIFY,
  blindSpot: BLIND_SPOT,
};
