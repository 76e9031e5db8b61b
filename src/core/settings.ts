/** The validated run settings shared by the Action and the CLI (built by action/inputs.ts or cli/args.ts). */
import { isAbsolute, join } from 'node:path';

export const COMMANDS = ['init', 'plan', 'deploy', 'rollback', 'backup', 'restore', 'status', 'doctor', 'logs'] as const;
export type Command = (typeof COMMANDS)[number];

export interface SshSecrets {
  /** private key text (a secret) */
  privateKey?: string;
  /** known_hosts lines for the target host (public, but checked out-of-band) */
  knownHosts?: string;
  /** alternative to knownHosts: SHA256:... host key fingerprint */
  fingerprint?: string;
}

/** logs: one service (default all), since a duration or time, the last N lines. */
export interface LogsOptions {
  service?: string;
  since?: string;
  tail?: number;
}

export interface RunInfo {
  id: string;
  actor: string;
  url?: string;
}

/** GitHub Deployments (Action only, when a token is given). */
export interface GithubSettings {
  token: string;
  /** owner/repo */
  repository: string;
  /** environment name (default: the target name) */
  environment?: string;
  environmentUrl?: string;
  /** the pull request of a pull_request run (plan comments) */
  pullRequest?: number;
}

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export interface Settings {
  command: Command;
  /** git work tree of the app to deploy */
  repo: string;
  /** config file path: absolute, or relative to cwd (already joined with `repo`, see configPathIn) */
  configPath: string;
  target?: string;
  /** explicit `from` revision; else the deployed revision, else eventBefore / prBase */
  from?: string;
  to: string;
  /** the push event's `before` SHA (Action only) */
  eventBefore?: string;
  /** the pull request's base SHA (Action only, pull_request events): `from` of a plan without one */
  prBase?: string;
  dryRun: boolean;
  json: boolean;
  /** how much the CLI prints while it runs (the Action log always shows everything) */
  verbosity?: Verbosity;
  ssh: SshSecrets;
  /** `--trace`: print every remote command with its duration */
  trace?: boolean;
  /** database password for the backup (a secret; travels over stdin) */
  dbPassword?: string;
  /** registry password for `build.username` (a secret; only ever on `docker login --password-stdin`'s stdin) */
  registryPassword?: string;
  forceUnlock: boolean;
  /** how long to wait for another deploy's lock, ms (0 = fail fast) */
  lockWaitMs: number;
  run: RunInfo;
  /** rollback: "previous", a release id or a deployed sha */
  rollbackTo?: string;
  restoreDb: boolean;
  /** restore: must equal the target name */
  confirm?: string;
  /** restore: backup file name (default newest) */
  backupName?: string;
  drill: boolean;
  /** init: overwrite existing files */
  force?: boolean;
  /** logs: what to show */
  logs?: LogsOptions;
  /** plan (Action only): post the plan as a pull request comment, updated in place */
  comment?: boolean;
  /** backup: copy the backup to the runner and upload it as a workflow artifact (Action only) */
  uploadArtifact?: boolean;
  artifactRetentionDays?: number;
  github?: GithubSettings;
}

/** The config file a run reads when none is given, relative to the work tree. */
export const DEFAULT_CONFIG = '.github/deploy.yml';

/**
 * Where the config file is: a relative path names a file inside the work tree (`--repo` /
 * `working-directory`), as action.yml says; an absolute path is used as it is.
 */
export function configPathIn(repo: string, config: string = DEFAULT_CONFIG): string {
  return isAbsolute(config) ? config : join(repo, config);
}

export function defaultSettings(partial: Partial<Settings> & Pick<Settings, 'command'>): Settings {
  return {
    repo: '.',
    configPath: DEFAULT_CONFIG,
    to: 'HEAD',
    dryRun: false,
    json: false,
    ssh: {},
    forceUnlock: false,
    lockWaitMs: 0,
    run: { id: `local-${process.pid}`, actor: process.env.USER ?? 'unknown' },
    restoreDb: false,
    drill: false,
    ...partial,
  };
}
