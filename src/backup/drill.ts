/**
 * Restore drill planning (pure): a scratch database next to the real one, the smoke query, and the
 * shell scripts that create, query and drop the scratch database where the database tools run.
 */
import path from 'node:path';
import { mysqlConnectionArgs } from './engines/mariadb.js';
import { pgConnectionArgs } from './engines/postgres.js';
import { BackupError } from './errors.js';
import { captured, databaseOperand, dbLocation, scratchDir, type DbLocation } from './location.js';
import { backupsDir } from './naming.js';
import { passwordPrologue, passwordStdin, resolvePasswordSource, type PasswordSource } from './password.js';
import { engineCommands } from './engines/index.js';
import { toolCommand } from './plan.js';
import type { BackupContext, BackupEngine, BackupSpec } from './types.js';

export interface DrillPlan {
  /** scratch database name (sqlite: file path where the tools run) */
  scratch: string;
  /** creates the empty scratch database (none for sqlite) */
  create?: string;
  /** prints `GD_VALUE <first value of the smoke query>` */
  query: string;
  /** drops the scratch database (idempotent) */
  drop: string;
  /** stdin of every script: the password line, when it comes from the runner */
  stdin?: string;
  smokeQuery: string;
}

const DEFAULT_QUERIES: Readonly<Record<BackupEngine, string>> = {
  mariadb: 'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()',
  mysql: 'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()',
  postgres: "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
  sqlite: "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
};

export function defaultSmokeQuery(engine: BackupEngine): string {
  return DEFAULT_QUERIES[engine];
}

/** `<database>_gd_drill_<suffix>`: plain identifier characters, at most 63 (PostgreSQL's limit). */
export function scratchDatabaseName(database: string, suffix: string): string {
  const base = database.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 63 - '_gd_drill_'.length - suffix.length);
  return `${base}_gd_drill_${suffix.replace(/[^a-z0-9]/g, '')}`;
}

const SQLITE_QUERY = `if command -v sqlite3 >/dev/null 2>&1; then sqlite3 -bail "$1" "$2"
else python3 -c "import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else '')" "$1" "$2"; fi`;

const SQLITE_CREATE = 'umask 077 && : > "$1"';

/** argv of the three steps per engine (identifiers are plain: see scratchDatabaseName). */
function engineArgv(spec: BackupSpec, scratch: string, query: string): { create?: string[]; query: string[]; drop: string[] } {
  if (spec.engine === 'sqlite') {
    return {
      // an empty file, private before the restore fills it with a copy of the data (the backups dir may be 0755)
      create: ['sh', '-c', SQLITE_CREATE, 'gd-drill-create', scratch],
      query: ['sh', '-c', SQLITE_QUERY, 'gd-drill-query', scratch, query],
      drop: ['rm', '-f', '--', scratch, `${scratch}-journal`, `${scratch}-wal`, `${scratch}-shm`],
    };
  }
  if (spec.engine === 'postgres') {
    const psql = (db: string, sql: string, extra: string[] = []) => [
      'psql',
      '-X',
      '-w',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      ...extra,
      ...pgConnectionArgs(spec),
      '-d',
      db,
      '-c',
      sql,
    ];
    const admin = spec.database ?? 'postgres';
    return {
      create: psql(admin, `CREATE DATABASE "${scratch}"`),
      query: psql(scratch, query, ['-A', '-t']),
      drop: psql(admin, `DROP DATABASE IF EXISTS "${scratch}"`),
    };
  }
  const mysql = (sql: string, db: string[] = [], extra: string[] = []) => [
    'mysql',
    ...extra,
    ...mysqlConnectionArgs(spec),
    '-e',
    sql,
    ...db,
  ];
  return {
    create: mysql(`CREATE DATABASE \`${scratch}\``),
    query: mysql(query, [scratch], ['-N', '-B']),
    drop: mysql(`DROP DATABASE IF EXISTS \`${scratch}\``),
  };
}

function script(prologue: string, body: string): string {
  return ['set -u', `gd_fail() { printf 'GD_FAIL %s\\n' "$1"; exit 3; }`, prologue, body].filter((l) => l !== '').join('\n');
}

function scratchFor(spec: BackupSpec, ctx: BackupContext, loc: DbLocation, suffix: string): string {
  if (spec.engine !== 'sqlite') return scratchDatabaseName(databaseOperand(spec, ctx, loc), suffix);
  return path.posix.join(scratchDir(loc, backupsDir(ctx.deployPath)), `.gd-drill-${suffix}.sqlite3`);
}

/** The drill's scripts; `suffix` makes the scratch name unique (lowercase letters and digits). */
export function planDrill(spec: BackupSpec, ctx: BackupContext, opts: { query?: string; suffix: string }): DrillPlan {
  const loc = dbLocation(spec, ctx);
  const source: PasswordSource = resolvePasswordSource(spec, ctx);
  const prologue = passwordPrologue(source, engineCommands(spec.engine).passwordVar);
  const scratch = scratchFor(spec, ctx, loc, opts.suffix);
  const smokeQuery = opts.query ?? defaultSmokeQuery(spec.engine);
  if (/[\0\n\r]/.test(smokeQuery)) throw new BackupError('the drill query must be a single line');
  const argv = engineArgv(spec, scratch, smokeQuery);
  const run = (a: string[]) => toolCommand(spec, loc, source, a);
  return {
    scratch,
    create: argv.create && script(prologue, `${run(argv.create)} || gd_fail "cannot create the scratch database ${scratch}"`),
    query: script(
      prologue,
      `gd_out=${captured(run(argv.query))} || gd_fail "the smoke query failed"\nprintf 'GD_VALUE %s\\n' "$(printf '%s\\n' "$gd_out" | head -n 1)"`,
    ),
    drop: script(prologue, run(argv.drop)),
    stdin: passwordStdin(source, ctx),
    smokeQuery,
  };
}

/** Reads the smoke query's first value: the drill passes when it is a number above 0. */
export function judgeSmoke(stdout: string): { ok: boolean; value: string } {
  const value = (/^GD_VALUE (.*)$/m.exec(stdout)?.[1] ?? '').trim().split(/\s+/)[0] ?? '';
  const n = Number(value);
  return { ok: value !== '' && Number.isFinite(n) && n > 0, value };
}
