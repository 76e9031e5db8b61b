/** Pure planning of one backup: file names, the dump argv and the complete remote script. */
import path from 'node:path';
import { engineCommands } from './engines/index.js';
import { databaseOperand, dbLocation, locatedArgv, locatedCommand, scratchDir, type DbLocation } from './location.js';
import { backupFileName, backupsDir } from './naming.js';
import {
  containerPasswordWrap,
  forwardedEnv,
  passwordAssignment,
  passwordPrologue,
  passwordStdin,
  resolvePasswordSource,
  type PasswordSource,
} from './password.js';
import { buildBackupScript } from './pipeline.js';
import { sidecarPrintfFormat } from './sidecar.js';
import type { BackupContext, BackupSpec } from './types.js';

export interface BackupPlan {
  /** absolute backups directory */
  dir: string;
  /** final file name and absolute path */
  name: string;
  file: string;
  /** the names taken instead when a backup named `name` exists: the same one second later, and so on */
  spare: string[];
  /** the dump command as it runs on the host (compose: the whole `compose ... exec -T` argv) */
  dumpArgv: string[];
  /** the POSIX sh script to run on the host (no secret inside) */
  script: string;
  /** stdin for the script: the password line, when it comes from the runner */
  stdin?: string;
  password: PasswordSource;
  /** printf format of the sidecar (see sidecar.ts) */
  sidecarFormat: string;
}

function plumbed(spec: BackupSpec, loc: DbLocation, source: PasswordSource, argv: string[]): [string[], string[]] {
  const envVar = engineCommands(spec.engine).passwordVar;
  if (loc.kind === 'host') return [argv, []];
  return [containerPasswordWrap(source, envVar, argv), forwardedEnv(source, envVar)];
}

/** Engine argv → argv on the host, with the password plumbing of the location. */
export function toolArgv(spec: BackupSpec, loc: DbLocation, source: PasswordSource, argv: string[]): string[] {
  const [a, env] = plumbed(spec, loc, source, argv);
  return locatedArgv(loc, a, env);
}

/** The same as shell text (compose runs from its project directory). */
export function toolCommand(spec: BackupSpec, loc: DbLocation, source: PasswordSource, argv: string[]): string {
  const [a, env] = plumbed(spec, loc, source, argv);
  return locatedCommand(loc, a, env, passwordAssignment(source, engineCommands(spec.engine).passwordVar));
}

/** Names are to the second: a backup named like one already there takes the next free second of these. */
const SPARE_SECONDS = [1, 2, 3, 4, 5];

/** `dir`: where the file goes (default <deployPath>/backups; a staging directory on a swarm node). */
export function planBackup(spec: BackupSpec, ctx: BackupContext, dir = backupsDir(ctx.deployPath)): BackupPlan {
  if (!path.posix.isAbsolute(ctx.deployPath)) throw new Error(`deployPath must be absolute: ${ctx.deployPath}`);
  const engine = engineCommands(spec.engine);
  const loc = dbLocation(spec, ctx);
  const source = resolvePasswordSource(spec, ctx);
  const name = backupFileName(ctx.target, ctx.now, ctx.sha, spec.engine);
  const spare = SPARE_SECONDS.map((k) => backupFileName(ctx.target, new Date(ctx.now.getTime() + k * 1000), ctx.sha, spec.engine));
  const database = databaseOperand(spec, ctx, loc);
  const tmp = scratchDir(loc, dir);
  const dumpTool = engine.dumpArgv(spec, database, tmp);
  const sidecarFormat = sidecarPrintfFormat({ engine: spec.engine, database, createdAt: ctx.now, sha: ctx.sha, target: ctx.target });
  const script = buildBackupScript({
    dir,
    name,
    spare,
    prologue: passwordPrologue(source, engine.passwordVar),
    dump: toolCommand(spec, loc, source, dumpTool),
    verify: engine.verify((argv) => locatedCommand(loc, argv), tmp),
    blindSpot: engine.blindSpot && {
      command: [toolCommand(spec, loc, source, engine.blindSpot.argv(spec, database)), engine.blindSpot.filter?.(database)]
        .filter((c) => c !== undefined)
        .join(' | '),
      failed: engine.blindSpot.failed,
    },
    sidecarFormat,
  });
  return {
    dir,
    name,
    file: path.posix.join(dir, name),
    spare,
    dumpArgv: toolArgv(spec, loc, source, dumpTool),
    script,
    stdin: passwordStdin(source, ctx),
    password: source,
    sidecarFormat,
  };
}
