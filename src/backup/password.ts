/**
 * How the database password reaches the dump tool without ever being in argv or in the script text
 * (both are visible in `ps`): the remote script reads it into a shell variable it never exports, and
 * hands it as MYSQL_PWD / PGPASSWORD to the database tool's command alone (`MYSQL_PWD="$GD_PW"
 * mysqldump …`), so no other process of the script (gzip, tee, sha256sum…) has it in its
 * environment; in compose mode `exec -T -e VAR` (no value) hands that variable to the container.
 */
import { shellQuote } from '../transport/quote.js';
import { envFileValueCommand } from './env-file.js';
import { BackupError } from './errors.js';
import type { BackupContext, BackupSpec } from './types.js';

export type PasswordSource =
  | { kind: 'none' }
  /** ctx.password, read by the script from its stdin */
  | { kind: 'stdin' }
  /** spec.password_env looked up in the remote env file ctx.envFile */
  | { kind: 'env-file'; file: string; name: string }
  /** host mode, no env file: the variable of the remote shell's environment */
  | { kind: 'remote-env'; name: string }
  /** compose mode, no env file: the variable of the service container's own environment */
  | { kind: 'container-env'; name: string };

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Precedence: ctx.password > envFile[password_env] > the variable itself (container or host env). */
export function resolvePasswordSource(spec: BackupSpec, ctx: BackupContext): PasswordSource {
  if (spec.engine === 'sqlite') return { kind: 'none' };
  if (ctx.password !== undefined) {
    if (/[\n\r\0]/.test(ctx.password)) throw new BackupError('the database password contains a newline or NUL');
    return { kind: 'stdin' };
  }
  const name = spec.password_env;
  if (name === undefined) return { kind: 'none' };
  if (!NAME_RE.test(name)) throw new BackupError(`password_env ${JSON.stringify(name)} is not a variable name`);
  if (ctx.envFile) return { kind: 'env-file', file: ctx.envFile, name };
  return spec.service ? { kind: 'container-env', name } : { kind: 'remote-env', name };
}

/** Bytes for the script's stdin (the secret plus a newline), or undefined. */
export function passwordStdin(source: PasswordSource, ctx: BackupContext): string | undefined {
  return source.kind === 'stdin' ? `${ctx.password ?? ''}\n` : undefined;
}

/**
 * sh lines that read the password from the source into the shell variable GD_PW, not exported (the
 * script must define gd_fail). Nothing for 'none' and 'container-env' (the latter is handled inside
 * the container).
 */
export function passwordPrologue(source: PasswordSource, envVar: string | undefined): string {
  if (!envVar) return '';
  switch (source.kind) {
    case 'stdin':
      return 'GD_PW=; IFS= read -r GD_PW || true';
    case 'env-file': {
      const what = shellQuote(`${source.name} is not set in ${source.file}`);
      return [
        `[ -r ${shellQuote(source.file)} ] || gd_fail ${shellQuote(`cannot read env file ${source.file}`)}`,
        `GD_PW=$(${envFileValueCommand(source.file, source.name)}) || gd_fail ${what}`,
      ].join('\n');
    }
    case 'remote-env':
      return [
        `[ -n "\${${source.name}+x}" ] || gd_fail ${shellQuote(`${source.name} is not set on the host (give envFile)`)}`,
        `GD_PW=$${source.name}`,
      ].join('\n');
    default:
      return '';
  }
}

/**
 * The assignment that puts the prologue's GD_PW into `envVar` for one command only (written before
 * it: `MYSQL_PWD="$GD_PW" mysqldump …`), or '' when the prologue read none.
 */
export function passwordAssignment(source: PasswordSource, envVar: string | undefined): string {
  if (!envVar || !['stdin', 'env-file', 'remote-env'].includes(source.kind)) return '';
  return `${envVar}="$GD_PW" `;
}

/** Variables that `exec -T -e NAME` must forward into the container. */
export function forwardedEnv(source: PasswordSource, envVar: string | undefined): string[] {
  if (!envVar || source.kind === 'none' || source.kind === 'container-env') return [];
  return [envVar];
}

/** In the container: `sh -c 'VAR=$NAME; export VAR; exec "$@"'` around argv (container-env only). */
export function containerPasswordWrap(source: PasswordSource, envVar: string | undefined, argv: string[]): string[] {
  if (!envVar || source.kind !== 'container-env') return argv;
  const script = `${envVar}=$${source.name}; export ${envVar}; exec "$@"`;
  return ['sh', '-c', script, 'gd-password', ...argv];
}
