/** The CLI's commands and flags: one table that parsing, validation and every help text read. */
import { COMMANDS, type Command } from '../../core/settings.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** value placeholder shown in the help (string options) */
  arg?: string;
  help: string;
  /** the commands that accept it (undefined: every command) */
  commands?: readonly Command[];
  /** commands that do not accept it although it is general (init runs locally: no target, no SSH) */
  notFor?: readonly Command[];
}

const LOCAL_ONLY = ['init'] as const;

const HOST_COMMANDS = ['deploy', 'rollback', 'backup', 'restore'] as const;

export const COMMAND_HELP: Record<Command, string> = {
  plan: 'show what a deploy would do (from the deployed revision with --target and a key, else from --from)',
  deploy: 'deploy a revision to a target: lock, plan, backup, upload, build, switch, tasks, health, record',
  rollback:
    'go back to the previous release (or the one given with --to) on its retained images; several hosts: all, in the rolling batches',
  backup: 'take a verified database backup on the target (several hosts: on the primary) and apply the retention policy',
  restore: 'restore a backup (the newest, or --backup NAME) into the target database',
  init: 'write .github/deploy.yml and the workflows for the repository it runs in (local, no SSH), print the secrets to set',
  doctor: 'connect to the target and check everything a deploy needs, one line per check with a fix for each failure',
  logs: 'show the logs of the app on the target: docker compose logs (compose), the error log tail (passenger)',
  status:
    'show the current release, previous releases, the lock holder and the newest backups; several hosts: one row per host, exit 1 on drift',
};

export const OPTIONS: Record<string, OptionSpec> = {
  repo: { type: 'string', arg: 'DIR', help: 'git work tree of the app (default .)' },
  config: { type: 'string', arg: 'FILE', help: 'config file; a relative path is inside --repo (default .github/deploy.yml)' },
  target: { type: 'string', arg: 'NAME', help: 'target from the config (default: the only one)', notFor: LOCAL_ONLY },
  from: { type: 'string', arg: 'REV', help: 'compare from this revision (default: the deployed one)', commands: ['plan', 'deploy'] },
  to: {
    type: 'string',
    arg: 'REV',
    help: 'plan/deploy: this revision (default HEAD); rollback: previous (default), a release id or a deployed sha',
    commands: ['plan', 'deploy', 'rollback'],
  },
  'rollback-to': { type: 'string', arg: 'X', help: 'same as --to (kept as an alias)', commands: ['rollback'] },
  'restore-db': { type: 'boolean', help: 'also restore the backup taken before the deploy being undone', commands: ['rollback'] },
  backup: { type: 'string', arg: 'NAME', help: 'backup file name to restore (default the newest)', commands: ['restore'] },
  confirm: { type: 'string', arg: 'NAME', help: 'must equal the target name', commands: ['restore'] },
  drill: { type: 'boolean', help: 'restore into a scratch database and run a smoke query', commands: ['backup', 'restore'] },
  force: { type: 'boolean', help: 'overwrite existing files', commands: ['init'] },
  service: { type: 'string', arg: 'NAME', help: 'one compose service (default: all)', commands: ['logs'] },
  since: { type: 'string', arg: 'WHEN', help: 'only lines since a duration (10m, 2h) or a timestamp', commands: ['logs'] },
  tail: { type: 'string', arg: 'N', help: 'the last N lines (default 200)', commands: ['logs'] },
  'dry-run': { type: 'boolean', help: 'plan and print what would run, change nothing', commands: HOST_COMMANDS },
  'force-unlock': {
    type: 'boolean',
    help: 'break a lock whose heartbeat stopped 3 beats ago (not waiting for lock_ttl)',
    commands: HOST_COMMANDS,
  },
  'lock-wait': { type: 'string', arg: 'SECONDS', help: "wait for another run's lock instead of failing fast", commands: HOST_COMMANDS },
  'ssh-key': { type: 'string', arg: 'FILE', help: 'private key file (or env GITOPS_SSH_KEY with the key text)', notFor: LOCAL_ONLY },
  'known-hosts': { type: 'string', arg: 'FILE', help: 'known_hosts for the target (or env GITOPS_KNOWN_HOSTS)', notFor: LOCAL_ONLY },
  'host-fingerprint': { type: 'string', arg: 'FP', help: 'SHA256:... host key fingerprint instead of known_hosts', notFor: LOCAL_ONLY },
  trace: { type: 'boolean', help: 'print every remote command with its duration (or env GITOPS_TRACE=1)', notFor: LOCAL_ONLY },
  json: { type: 'boolean', help: 'print JSON on stdout (errors too, as {"error": ...})' },
  verbose: { type: 'boolean', short: 'v', help: 'also print details while running (the plan table)' },
  quiet: { type: 'boolean', short: 'q', help: 'print only warnings, errors and the result while running' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'V', help: 'print the version' },
};

/** The options `command` accepts. */
export function optionsOf(command: Command): string[] {
  return Object.keys(OPTIONS).filter((k) => (OPTIONS[k]!.commands?.includes(command) ?? true) && !OPTIONS[k]!.notFor?.includes(command));
}

function optionLines(names: string[]): string[] {
  const left = names.map((n) => {
    const o = OPTIONS[n]!;
    return `${o.short ? `-${o.short}, ` : '    '}--${n}${o.arg ? ` ${o.arg}` : ''}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return names.map((n, i) => `  ${left[i]!.padEnd(width)}${OPTIONS[n]!.help}`);
}

const SECRETS = 'Secrets come from the environment: GITOPS_SSH_KEY, GITOPS_DB_PASSWORD, GITOPS_REGISTRY_PASSWORD.';
const EXITS = 'Exit codes: 0 success, 1 the run failed, 2 bad input (config, flags, revisions).';

/** `gitops-deploy --help` (and, on stderr, what a bare `gitops-deploy` prints). */
export const USAGE = [
  `Usage: gitops-deploy <command> [options]`,
  '',
  'Commands:',
  ...COMMANDS.map((c) => `  ${c.padEnd(10)}${COMMAND_HELP[c]}`),
  '',
  'Options of every command:',
  ...optionLines(Object.keys(OPTIONS).filter((k) => !OPTIONS[k]!.commands)),
  '',
  'Run `gitops-deploy <command> --help` for the options of one command.',
  SECRETS,
  EXITS,
].join('\n');

/** `gitops-deploy <command> --help`: what it does and exactly the options it accepts. */
export function commandUsage(command: Command): string {
  return [
    `Usage: gitops-deploy ${command} [options]`,
    '',
    `${COMMAND_HELP[command][0]!.toUpperCase()}${COMMAND_HELP[command].slice(1)}.`,
    '',
    'Options:',
    ...optionLines(optionsOf(command)),
    '',
    SECRETS,
    EXITS,
  ].join('\n');
}
