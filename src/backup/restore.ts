/** Restores a verified backup: gunzip | mysql / pg_restore | psql / sqlite .restore, host or compose service. */
import path from 'node:path';
import { shellQuote } from '../transport/quote.js';
import type { ExecResult, Executor } from '../transport/types.js';
import { engineCommands } from './engines/index.js';
import { BackupError } from './errors.js';
import { databaseOperand, dbLocation, locatedCommand, scratchDir } from './location.js';
import { passwordPrologue, passwordStdin, resolvePasswordSource } from './password.js';
import { toolCommand } from './plan.js';
import type { BackupContext, BackupSpec } from './types.js';
import { tail } from '../core/text.js';

export interface RestoreOptions {
  /** restore into this database instead of the spec's (a scratch database; sqlite: a file path) */
  database?: string;
  /** create the database first (the probe found none: it was dropped); mariadb/postgres */
  create?: boolean;
}

export interface RestorePlan {
  script: string;
  stdin?: string;
  database: string;
}

/** The file's sha256 against the one state.json recorded for it (a rollback's pre-deploy backup), sidecar or not. */
const recordedStep = (f: string, sha256: string): string =>
  `[ "$(sha256sum ${f} | cut -d ' ' -f 1)" = ${shellQuote(sha256)} ] || gd_fail "sha256 does not match the one recorded in state.json"\n`;

/**
 * Checks the file (gzip CRC, sha256 against its sidecar, however spaced; a sidecar without one
 * fails; `recorded`: also against that sha256) before loading it.
 */
function checkStep(file: string, recorded?: string): string {
  const f = shellQuote(file);
  return `[ -f ${f} ] || gd_fail "backup file not found"
${recorded ? recordedStep(f, recorded) : ''}gzip -t ${f} || gd_fail "the backup file is corrupt"
if [ -f ${shellQuote(`${file}.json`)} ]; then
  gd_want=$(sed -n 's/.*"sha256"[[:space:]]*:[[:space:]]*"\\([0-9a-f]\\{64\\}\\)".*/\\1/p' ${shellQuote(`${file}.json`)} | head -n 1)
  [ -n "$gd_want" ] || gd_fail "the sidecar has no sha256: the file cannot be checked"
  gd_sum=$(sha256sum ${f} | cut -d ' ' -f 1)
  [ "$gd_want" = "$gd_sum" ] || gd_fail "sha256 does not match the sidecar"
fi`;
}

const FAIL_FUNCTION = `gd_fail() { printf 'GD_FAIL %s\\n' "$1"; exit 3; }`;

/** The check of `file` alone, printing GD_CHECKED: run before the safety backup of a restore (pure). */
export function checkScript(file: string, recorded?: string): string {
  if (!path.posix.isAbsolute(file)) throw new BackupError(`backup file must be an absolute path: ${file}`);
  return ['set -u', FAIL_FUNCTION, checkStep(file, recorded), 'echo GD_CHECKED'].join('\n');
}

/** A refusal of the engine's restore before it changed anything (see postgres-prelude.ts), as the client prints it. */
const REFUSED = /^ERROR:\s+(restore refused: .*)$/m;

/** Throws the BackupError of a restore script that did not print `done` (the engine's refusal, else its GD_FAIL reason; its stderr). */
function throwUnless(res: ExecResult, done: RegExp, file: string): void {
  if (res.code === 0 && done.test(res.stdout)) return;
  const reason =
    REFUSED.exec(res.stderr)?.[1] ?? /^GD_FAIL (.*)$/m.exec(res.stdout)?.[1] ?? `restore script exited with status ${res.code}`;
  throw new BackupError(`restore of ${path.posix.basename(file)}: ${reason}`, tail(res.stderr));
}

/** Checks `file` (present, gzip CRC, sha256 against its sidecar) without touching any database; throws BackupError. */
export async function checkBackup(exec: Executor, file: string, recorded?: string): Promise<void> {
  throwUnless(await exec.sh(checkScript(file, recorded), { allowFailure: true }), /^GD_CHECKED$/m, file);
}

/** Shell text creating the database that is not there, or failing the restore with what to do. */
function createStep(spec: BackupSpec, database: string, run: (argv: string[]) => string): string {
  const argv = engineCommands(spec.engine).createArgv?.(spec, database);
  if (!argv) throw new BackupError(`a ${spec.engine} database cannot be created by the restore`);
  const who = spec.user ? `the user ${spec.user}` : 'the database user';
  const reason = `the ${spec.engine} database ${database} does not exist and ${who} cannot create it: create it (as an administrator, giving ${who} its rights), then run the restore again`;
  return `${run(argv)} </dev/null || gd_fail ${shellQuote(reason)}`;
}

export function planRestore(spec: BackupSpec, ctx: BackupContext, file: string, opts: RestoreOptions = {}): RestorePlan {
  if (!path.posix.isAbsolute(file)) throw new BackupError(`backup file must be an absolute path: ${file}`);
  const engine = engineCommands(spec.engine);
  const loc = dbLocation(spec, ctx);
  const source = resolvePasswordSource(spec, ctx);
  const database = databaseOperand(spec, ctx, loc, opts.database);
  const run = (argv: string[]) => toolCommand(spec, loc, source, argv);
  const plain = (argv: string[]) => locatedCommand(loc, argv);
  const load = engine.restoreCommand(spec, database, scratchDir(loc, path.posix.dirname(file)), `gzip -dc ${shellQuote(file)}`, run, plain);
  const script = [
    'set -u',
    FAIL_FUNCTION,
    checkStep(file),
    passwordPrologue(source, engine.passwordVar),
    opts.create ? createStep(spec, database, run) : '',
    `${load} || gd_fail "restore exited with status $?"`,
    `echo GD_RESTORED`,
  ]
    .filter((s) => s !== '')
    .join('\n');
  return { script, stdin: passwordStdin(source, ctx), database };
}

/** Loads `file` (absolute remote path) into the spec's database or opts.database; throws BackupError. */
export async function restoreBackup(
  exec: Executor,
  spec: BackupSpec,
  ctx: BackupContext,
  file: string,
  opts: RestoreOptions = {},
): Promise<{ file: string; database: string; durationMs: number }> {
  const plan = planRestore(spec, ctx, file, opts);
  const started = Date.now();
  throwUnless(await exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true }), /^GD_RESTORED$/m, file);
  return { file, database: plan.database, durationMs: Date.now() - started };
}
