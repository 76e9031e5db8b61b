/**
 * Does the database exist? One remote script per engine and location (pure builder), run before the
 * pre-deploy backup. It prints one verdict line:
 *   GD_DB present             the database can be dumped
 *   GD_DB absent <reason>     there is no database yet (nothing to back up)
 *   GD_DB unknown <reason>    it cannot be told (server down, stopped container, no password...)
 * and, for a compose service, `GD_CONTAINER <id>` of its running container (found by compose's
 * labels with `docker ps`, so no compose file is needed on the host: a first deploy can take over
 * a project started by hand). With `ctx.container` (a swarm task's container, run on its node) the
 * checks run in that container. The tool's stderr is left on stderr.
 */
import { projectContainersArgs } from '../apply/compose-command.js';
import { shellJoin, shellQuote } from '../transport/quote.js';
import { mysqlConnectionArgs } from './engines/mariadb.js';
import { pgConnectionArgs } from './engines/postgres.js';
import { engineCommands } from './engines/index.js';
import { sqlString } from './engines/sql-quote.js';
import { BackupError } from './errors.js';
import { captured, databaseOperand, dockerExecPrefix, type DbLocation } from './location.js';
import {
  containerPasswordWrap,
  forwardedEnv,
  passwordAssignment,
  passwordPrologue,
  passwordStdin,
  resolvePasswordSource,
  type PasswordSource,
} from './password.js';
import type { BackupContext, BackupSpec } from './types.js';

export type ProbeResult = { state: 'present'; container?: string } | { state: 'absent' | 'unknown'; reason: string };

export interface ProbePlan {
  script: string;
  /** the password line, when it comes from the runner */
  stdin?: string;
}

/** Shell text running argv where the database lives: on the host, or in the container found as $gd_cid. */
type Run = (argv: string[]) => string;

/** [connect to the database, count the databases of that name on the server] as client argv. */
function serverQueries(spec: BackupSpec, database: string): [string[], string[]] {
  if (spec.engine === 'postgres') {
    const psql = ['psql', '-X', '-w', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec)];
    const count = `SELECT count(*) FROM pg_database WHERE datname = ${sqlString(database, false)}`;
    return [
      [...psql, '-d', database, '-c', 'SELECT 1'],
      [...psql, '-d', 'postgres', '-c', count],
    ];
  }
  const mysql = ['mysql', '-N', '-B', ...mysqlConnectionArgs(spec)];
  const count = `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ${sqlString(database, true)}`;
  return [
    [...mysql, '-e', 'SELECT 1', database],
    [...mysql, '-e', count],
  ];
}

/**
 * The engine's checks: connect to the database itself (present); else count it among the server's
 * databases: not there → absent, there → unknown (it exists but cannot be reached).
 */
function serverChecks(spec: BackupSpec, database: string, run: Run): string {
  const [connect, list] = serverQueries(spec, database);
  const what = `the ${spec.engine} database ${database}`;
  return [
    `gd_err=${captured(`${run(connect)} 2>&1 >/dev/null </dev/null`)} && gd_verdict present`,
    `gd_n=${captured(`${run(list)} </dev/null`)}; gd_rc=$?`,
    // 126/127: the client is not there (psql in a mariadb container); docker exec says why on stdout
    `case $gd_rc in 0) ;; 126|127) printf '%s\\n' "$gd_n" >&2; gd_verdict unknown "${list[0]} could not be run where the database is (exit $gd_rc: not installed there? check backup.engine and backup.service)" ;;`,
    `  *) gd_verdict unknown ${shellQuote(`cannot connect to the ${spec.engine} server to look for ${what}`)} ;; esac`,
    `[ "$gd_n" != 0 ] || gd_verdict absent ${shellQuote(`${what} does not exist (or its user cannot see it)`)}`,
    `printf '%s\\n' "$gd_err" >&2`,
    `gd_verdict unknown ${shellQuote(`${what} exists but connecting to it failed`)}`,
  ].join('\n');
}

/** sqlite: a non-empty file is a database; an empty or missing one is not (yet). */
function sqliteChecks(file: string, run: Run): string {
  const test = ['sh', '-c', 'if [ -s "$1" ]; then exit 0; elif [ -e "$1" ]; then exit 10; else exit 11; fi', 'gd-probe', file];
  return [
    `${run(test)} </dev/null; gd_rc=$?`,
    'case $gd_rc in',
    '  0) gd_verdict present ;;',
    `  10) gd_verdict absent ${shellQuote(`sqlite database ${file} is an empty file`)} ;;`,
    `  11) gd_verdict absent ${shellQuote(`sqlite database ${file} does not exist`)} ;;`,
    `  *) gd_verdict unknown "cannot look for the sqlite database (exit $gd_rc)" ;;`,
    'esac',
  ].join('\n');
}

/** Finds the running container of the service into $gd_cid; absent when the project has none at all. */
function containerLookup(project: string, service: string): string {
  const all = projectContainersArgs(project, service);
  const running = [...all, '--filter', 'status=running'];
  const which = `compose service ${service} of project ${project}`;
  return [
    `gd_ps=${captured(shellJoin(running))} || gd_verdict unknown ${shellQuote('docker ps failed')}`,
    `gd_cid=${captured(`printf '%s\\n' "$gd_ps" | head -n 1`)}`,
    'if [ -z "$gd_cid" ]; then',
    `  gd_ps=${captured(shellJoin(all))} || gd_verdict unknown ${shellQuote('docker ps failed')}`,
    `  [ -z "$gd_ps" ] || gd_verdict unknown ${shellQuote(`${which} has a container that is not running: start it (docker compose -p ${project} up -d ${service}) so that its database can be backed up`)}`,
    `  gd_verdict absent ${shellQuote(`${which} has no container yet`)}`,
    'fi',
    `printf 'GD_CONTAINER %s\\n' "$gd_cid"`,
  ].join('\n');
}

/** $gd_cid: the container given (a swarm task's, found on the manager), else found by compose's labels. */
function containerOf(service: string, ctx: BackupContext): string {
  if (ctx.container) return `gd_cid=${shellQuote(ctx.container)}`;
  return ctx.compose ? containerLookup(ctx.compose.project, service) : '';
}

function runner(spec: BackupSpec, source: PasswordSource): Run {
  const envVar = engineCommands(spec.engine).passwordVar;
  const assign = passwordAssignment(source, envVar);
  if (!spec.service) return (argv) => `${assign}${shellJoin(argv)}`;
  const prefix = shellJoin(dockerExecPrefix(forwardedEnv(source, envVar)));
  return (argv) => `${assign}${prefix} "$gd_cid" ${shellJoin(containerPasswordWrap(source, envVar, argv))}`;
}

/** The probe of the spec's database, where the backup would dump it (see the module comment). */
export function planProbe(spec: BackupSpec, ctx: BackupContext): ProbePlan {
  if (spec.service && !ctx.compose && !ctx.container) throw new BackupError(`backup.service "${spec.service}" needs the compose project`);
  const loc: DbLocation = spec.service ? { kind: 'container', container: '' } : { kind: 'host' };
  const source = resolvePasswordSource(spec, ctx);
  const database = databaseOperand(spec, ctx, loc);
  const run = runner(spec, source);
  const script = [
    'set -u',
    `gd_verdict() { printf 'GD_DB %s\\n' "$*"; exit 0; }`,
    `gd_fail() { gd_verdict unknown "$1"; }`,
    spec.service ? containerOf(spec.service, ctx) : '',
    passwordPrologue(source, engineCommands(spec.engine).passwordVar),
    spec.engine === 'sqlite' ? sqliteChecks(database, run) : serverChecks(spec, database, run),
  ]
    .filter((l) => l !== '')
    .join('\n');
  return { script, stdin: passwordStdin(source, ctx) };
}

/** The verdict printed by the probe; unknown (with `fallback`) when it printed none. */
export function parseProbe(stdout: string, fallback: string): ProbeResult {
  const verdict = /^GD_DB (present|absent|unknown) ?(.*)$/m.exec(stdout);
  const container = /^GD_CONTAINER ([0-9a-f]{12,64})$/m.exec(stdout)?.[1];
  if (!verdict) return { state: 'unknown', reason: fallback };
  if (verdict[1] === 'present') return container ? { state: 'present', container } : { state: 'present' };
  return { state: verdict[1] as 'absent' | 'unknown', reason: verdict[2] ?? '' };
}
