import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { NAME_PATTERN } from '../../core/text.js';
import { UserError } from '../../core/errors.js';
import {
  COMMANDS,
  configPathIn,
  defaultSettings,
  type Command,
  type LogsOptions,
  type Settings,
  type Verbosity,
} from '../../core/settings.js';
import { commandUsage, OPTIONS, optionsOf, USAGE } from './options.js';
import { packageVersion } from './version.js';
import { secondsToMs } from '../../core/units.js';
import { cliActor } from './actor.js';

export { USAGE } from './options.js';

/** Text the CLI prints instead of running (help, version, a bare call): exit 0 on stdout, 2 on stderr. */
export interface CliText {
  text: string;
  exitCode: 0 | 2;
}

type Values = Record<string, string | boolean | undefined>;

function readOptionalFile(path: string | undefined, label: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`${label}: cannot read ${path}`);
  }
}

type Token = { kind: string; name?: string; value?: string };

/**
 * Refuses a string option given an empty value (it would mean its default: `--from ""` planned a
 * first deploy) or given twice with different values (the last one would win silently).
 */
function checkStringValues(tokens: Token[]): void {
  const seen = new Map<string, string>();
  for (const { kind, name, value } of tokens) {
    if (kind !== 'option' || name === undefined || value === undefined) continue;
    if (value === '') throw new UserError(`--${name}: empty value (leave the option out for its default)`);
    const before = seen.get(name);
    if (before !== undefined && before !== value)
      throw new UserError(`--${name} given twice (${JSON.stringify(before)}, ${JSON.stringify(value)}): give it once`);
    seen.set(name, value);
  }
}

function tokenize(argv: string[]): { values: Values; positionals: string[]; tokens: Token[] } {
  try {
    const { values, positionals, tokens } = parseArgs({
      args: argv,
      options: OPTIONS as NonNullable<ParseArgsConfig['options']>,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    return { values: values as Values, positionals, tokens };
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n\n${USAGE}`);
  }
}

/** Refuses a flag the command does not use (it would be silently ignored). */
function checkApplicable(command: Command, values: Values): void {
  const accepted = new Set(optionsOf(command));
  const wrong = Object.keys(values).filter((k) => values[k] !== undefined && !accepted.has(k));
  if (wrong.length > 0) {
    throw new UserError(`${wrong.map((w) => `--${w}`).join(', ')}: not an option of ${command}\n\n${commandUsage(command)}`);
  }
}

/** rollback: `--to` names the release to go back to; `--rollback-to` is its alias. */
function rollbackTo(values: Values): string | undefined {
  const to = values.to as string | undefined;
  const alias = values['rollback-to'] as string | undefined;
  if (to !== undefined && alias !== undefined && to !== alias)
    throw new UserError(`--to ${JSON.stringify(to)} and --rollback-to ${JSON.stringify(alias)} disagree (they are the same option)`);
  return to ?? alias;
}

function logsOptions(v: Values): LogsOptions {
  const service = v.service as string | undefined;
  if (service !== undefined && !NAME_PATTERN.test(service))
    throw new UserError(`--service: expected a compose service name matching ${NAME_PATTERN.source}, got ${JSON.stringify(service)}`);
  const tail = v.tail as string | undefined;
  if (tail !== undefined && !/^[0-9]+$/.test(tail)) throw new UserError(`--tail: expected a number of lines, got ${JSON.stringify(tail)}`);
  const since = v.since as string | undefined;
  if (since !== undefined && !/^[0-9A-Za-z:.+-]+$/.test(since))
    throw new UserError(`--since: expected a duration (10m, 2h) or a timestamp, got ${JSON.stringify(since)}`);
  return { service, since, tail: tail === undefined ? undefined : Number(tail) };
}

function verbosity(v: Values): Verbosity {
  if (v.verbose === true && v.quiet === true) throw new UserError('--verbose and --quiet: choose one');
  return v.verbose === true ? 'verbose' : v.quiet === true ? 'quiet' : 'normal';
}

/** The commands that take the deploy lock and write a release record or an audit line: they name who ran them. */
const RECORDING: ReadonlySet<Command> = new Set(['deploy', 'rollback', 'backup', 'restore']);

function toSettings(command: Command, v: Values, env: NodeJS.ProcessEnv): Settings {
  const str = (k: string): string | undefined => v[k] as string | undefined;
  const on = (k: string): boolean => v[k] === true;
  const repo = str('repo') ?? '.';
  return defaultSettings({
    command,
    repo,
    configPath: configPathIn(repo, str('config')),
    target: str('target'),
    from: str('from'),
    to: command === 'rollback' ? 'HEAD' : (str('to') ?? 'HEAD'),
    rollbackTo: command === 'rollback' ? rollbackTo(v) : undefined,
    json: on('json'),
    verbosity: verbosity(v),
    dryRun: on('dry-run'),
    ssh: {
      privateKey: readOptionalFile(str('ssh-key'), '--ssh-key') ?? env.GITOPS_SSH_KEY,
      knownHosts: readOptionalFile(str('known-hosts'), '--known-hosts') ?? env.GITOPS_KNOWN_HOSTS,
      fingerprint: str('host-fingerprint'),
    },
    dbPassword: env.GITOPS_DB_PASSWORD,
    trace: on('trace') || env.GITOPS_TRACE === '1',
    registryPassword: env.GITOPS_REGISTRY_PASSWORD,
    forceUnlock: on('force-unlock'),
    lockWaitMs: secondsToMs('--lock-wait', str('lock-wait')),
    restoreDb: on('restore-db'),
    backupName: str('backup'),
    confirm: str('confirm'),
    drill: on('drill'),
    force: on('force'),
    ...(command === 'logs' ? { logs: logsOptions(v) } : {}),
    ...(RECORDING.has(command) ? { run: { id: `local-${process.pid}`, actor: cliActor(repo, env) } } : {}),
  });
}

/**
 * Turns argv (without node and script) into validated settings, or into text to print instead:
 * `--version`, `--help` (general, or of one command), and the usage for a bare call (exit 2).
 */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): Settings | CliText {
  const { values, positionals, tokens } = tokenize(argv);
  if (values.version) return { text: `gitops-deploy ${packageVersion()}`, exitCode: 0 };
  const first = positionals[0];
  if (first === undefined) return { text: USAGE, exitCode: values.help ? 0 : 2 };
  if (!COMMANDS.includes(first as Command)) throw new UserError(`unknown command ${JSON.stringify(first)}\n\n${USAGE}`);
  const command = first as Command;
  if (values.help) return { text: commandUsage(command), exitCode: 0 };
  if (positionals.length > 1) throw new UserError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  checkApplicable(command, values);
  checkStringValues(tokens);
  return toSettings(command, values, env);
}

export function isCliText(x: Settings | CliText): x is CliText {
  return 'text' in x;
}
