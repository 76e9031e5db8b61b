import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../core/errors.js';
import { COMMANDS, defaultSettings, type Command, type Settings } from '../core/settings.js';

export const USAGE = `Usage: gitops-deploy <${COMMANDS.join('|')}> [options]

Options (shared by every command):
  --repo DIR              git work tree of the app (default .)
  --config FILE           config file (default <repo>/.github/deploy.yml)
  --target NAME           deploy target from the config
  --from REV              compare from this revision (default: the deployed one)
  --to REV                deploy this revision (default HEAD)
  --json                  print JSON instead of a table
  --dry-run               plan and print what would run, change nothing
  --ssh-key FILE          private key file (or env GITOPS_SSH_KEY with the key text)
  --known-hosts FILE      known_hosts for the target (or env GITOPS_KNOWN_HOSTS)
  --host-fingerprint FP   SHA256:... host key fingerprint instead of known_hosts
  --force-unlock          break a lock whose heartbeat stopped 3 beats ago (not waiting for lock_ttl)
  --lock-wait SECONDS     wait for another deploy's lock instead of failing fast
  --rollback-to X         rollback: previous (default), a release id or a deployed sha
  --restore-db            rollback: also restore the pre-deploy database backup
  --backup NAME           restore: backup file name (default newest)
  --confirm NAME          restore: must equal the target name
  --drill                 backup: restore into a scratch database and run a smoke query
Secrets come from the environment: GITOPS_SSH_KEY, GITOPS_DB_PASSWORD.`;

const OPTIONS = {
  repo: { type: 'string' },
  config: { type: 'string' },
  target: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'ssh-key': { type: 'string' },
  'known-hosts': { type: 'string' },
  'host-fingerprint': { type: 'string' },
  'force-unlock': { type: 'boolean' },
  'lock-wait': { type: 'string' },
  'rollback-to': { type: 'string' },
  'restore-db': { type: 'boolean' },
  backup: { type: 'string' },
  confirm: { type: 'string' },
  drill: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function readOptionalFile(path: string | undefined, label: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`${label}: cannot read ${path}`);
  }
}

function parseSeconds(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UserError(`--lock-wait: expected a number of seconds, got ${JSON.stringify(value)}`);
  return n * 1000;
}

/** Turns argv (without node and script) into validated settings; `null` means help was printed. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): Settings | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n\n${USAGE}`);
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) return null;
  const command = positionals[0] as Command;
  if (!COMMANDS.includes(command)) throw new UserError(`unknown command ${JSON.stringify(positionals[0])}\n\n${USAGE}`);
  if (positionals.length > 1) throw new UserError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  const repo = v.repo ?? '.';
  return defaultSettings({
    command,
    repo,
    configPath: v.config ?? join(repo, '.github', 'deploy.yml'),
    target: v.target,
    from: v.from,
    to: v.to ?? 'HEAD',
    json: v.json ?? false,
    dryRun: v['dry-run'] ?? false,
    ssh: {
      privateKey: readOptionalFile(v['ssh-key'], '--ssh-key') ?? env.GITOPS_SSH_KEY,
      knownHosts: readOptionalFile(v['known-hosts'], '--known-hosts') ?? env.GITOPS_KNOWN_HOSTS,
      fingerprint: v['host-fingerprint'],
    },
    dbPassword: env.GITOPS_DB_PASSWORD,
    forceUnlock: v['force-unlock'] ?? false,
    lockWaitMs: parseSeconds(v['lock-wait']),
    rollbackTo: v['rollback-to'],
    restoreDb: v['restore-db'] ?? false,
    backupName: v.backup,
    confirm: v.confirm,
    drill: v.drill ?? false,
  });
}
