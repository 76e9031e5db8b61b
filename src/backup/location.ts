/**
 * Where the database tools run: on the host, inside a compose service via `compose exec -T` (from
 * the project directory), or inside a container known by id via `docker exec -i` (the running
 * container of the service, found by the pre-deploy probe: it needs no compose file on the host).
 */
import path from 'node:path';
import { shellJoin, shellQuote } from '../transport/quote.js';
import { BackupError } from './errors.js';
import type { BackupContext, BackupSpec, ComposeContext } from './types.js';

export type DbLocation =
  { kind: 'host' } | { kind: 'compose'; compose: ComposeContext; service: string } | { kind: 'container'; container: string };

export function dbLocation(spec: BackupSpec, ctx: BackupContext): DbLocation {
  if (!spec.service) return { kind: 'host' };
  if (ctx.container) return { kind: 'container', container: ctx.container };
  if (!ctx.compose || ctx.compose.command.length === 0) {
    throw new BackupError(`backup.service "${spec.service}" needs the compose context`);
  }
  return { kind: 'compose', compose: ctx.compose, service: spec.service };
}

/** `<compose> -p P -f F... exec -T [-e NAME]... <service> argv...` (-T: no tty, stdin is a pipe). */
export function composeExecArgv(compose: ComposeContext, service: string, env: string[], argv: string[]): string[] {
  return [
    ...compose.command,
    '-p',
    compose.project,
    ...compose.files.flatMap((f) => ['-f', f]),
    'exec',
    '-T',
    ...env.flatMap((name) => ['-e', name]),
    service,
    ...argv,
  ];
}

/** `docker exec -i [-e NAME]...` (-i: stdin is a pipe; `-e NAME` without a value forwards the caller's variable). */
export function dockerExecPrefix(env: string[]): string[] {
  return ['docker', 'exec', '-i', ...env.flatMap((name) => ['-e', name])];
}

/** The full argv to run (host: argv itself), forwarding the named variables into a container. */
export function locatedArgv(loc: DbLocation, argv: string[], env: string[] = []): string[] {
  if (loc.kind === 'host') return argv;
  if (loc.kind === 'container') return [...dockerExecPrefix(env), loc.container, ...argv];
  return composeExecArgv(loc.compose, loc.service, env, argv);
}

/**
 * Shell text running argv at the location; compose runs from its project directory. `assign`: a
 * variable assignment for that command alone (e.g. passwordAssignment's), written before it.
 */
export function locatedCommand(loc: DbLocation, argv: string[], env: string[] = [], assign = ''): string {
  const cmd = shellJoin(locatedArgv(loc, argv, env));
  return loc.kind === 'compose' ? `(cd ${shellQuote(loc.compose.projectDir)} && ${assign}exec ${cmd})` : `${assign}${cmd}`;
}

/**
 * `$( cmd )` capturing the output of shell text `cmd`. The spaces matter: a located compose command
 * starts with `(`, and `$((` would start an arithmetic expansion instead.
 */
export function captured(cmd: string): string {
  return `$( ${cmd} )`;
}

/** Scratch directory for engine temp files: the backups dir on the host, /tmp in a container. */
export function scratchDir(loc: DbLocation, backupsDirectory: string): string {
  return loc.kind === 'host' ? backupsDirectory : '/tmp';
}

/** sqlite: a relative path is relative to deployPath on the host, to the workdir in a container. */
export function databaseOperand(spec: BackupSpec, ctx: BackupContext, loc: DbLocation, database?: string): string {
  const db = database ?? (spec.engine === 'sqlite' ? spec.path : spec.database);
  if (!db) throw new BackupError(spec.engine === 'sqlite' ? 'backup.path (the sqlite file) is not set' : 'backup.database is not set');
  if (db.startsWith('-')) throw new BackupError(`database ${JSON.stringify(db)} starts with "-"`);
  if (spec.engine === 'sqlite' && loc.kind === 'host') return path.posix.resolve(ctx.deployPath, db);
  return db;
}
