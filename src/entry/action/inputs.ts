import * as core from '@actions/core';
import * as github from '@actions/github';
import { UserError } from '../../core/errors.js';
import { COMMANDS, configPathIn, defaultSettings, type Command, type Settings } from '../../core/settings.js';
import { secretForms } from '../../core/secret-forms.js';
import { secondsToMs } from '../../core/units.js';

function retentionDays(text: string): number | undefined {
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 90)
    throw new UserError(`input artifact-retention-days: expected a number of days between 1 and 90, got ${JSON.stringify(text)}`);
  return n;
}

/** GitHub API settings (Deployments, plan comments), only when a github-token is given. */
function githubSettings(ctx: typeof github.context): Settings['github'] {
  const token = core.getInput('github-token');
  if (!token) {
    const given = ['environment', 'environment-url'].find((name) => core.getInput(name));
    if (given)
      throw new UserError(
        `input ${given}: names the GitHub deployment the action records with github-token, none given (a job's own \`environment:\` takes its name and url there)`,
      );
    return undefined;
  }
  const pr = (ctx.payload?.pull_request as { number?: unknown } | undefined)?.number;
  return {
    token,
    repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
    environment: core.getInput('environment') || undefined,
    environmentUrl: core.getInput('environment-url') || undefined,
    pullRequest: typeof pr === 'number' ? pr : undefined,
  };
}

/** The base commit of a pull_request event (what a PR's plan compares with when no `from` is given). */
function prBaseSha(ctx: typeof github.context): string | undefined {
  const base = (ctx.payload?.pull_request as { base?: { sha?: unknown } } | undefined)?.base?.sha;
  return typeof base === 'string' ? base : undefined;
}

/** comment: true needs a token that may write pull request comments. */
function commentFlag(command: Command): boolean {
  const comment = flag('comment');
  if (comment && command !== 'plan') throw new UserError(`input comment: only for command plan (got command ${command})`);
  if (comment && !core.getInput('github-token'))
    throw new UserError('input comment: needs github-token (github.token, with permissions pull-requests: write)');
  return comment;
}

const HOST_COMMANDS: readonly Command[] = ['deploy', 'rollback', 'backup', 'restore'];

/** Inputs of some commands only: given to another, they would be ignored silently (the CLI refuses such a flag too). */
const ONLY_FOR: Record<string, readonly Command[]> = {
  from: ['plan', 'deploy'],
  to: ['plan', 'deploy', 'rollback'],
  'dry-run': HOST_COMMANDS,
  'force-unlock': HOST_COMMANDS,
  'lock-wait': HOST_COMMANDS,
  'restore-db': ['rollback'],
  backup: ['restore'],
  confirm: ['restore'],
  drill: ['backup', 'restore'],
  'upload-artifact': ['backup'],
  'artifact-retention-days': ['backup'],
  environment: ['deploy', 'rollback'],
  'environment-url': ['deploy', 'rollback'],
};

/** An input at its action.yml default (empty, false, or lock-wait's 0): fine for any command. */
const atDefault = (name: string, value: string): boolean =>
  value === '' || /^false$/i.test(value) || (name === 'lock-wait' && value === '0');

/** Refuses an input of another command given a value. */
function checkApplicable(command: Command): void {
  for (const [name, commands] of Object.entries(ONLY_FOR)) {
    const value = core.getInput(name);
    if (atDefault(name, value) || commands.includes(command)) continue;
    throw new UserError(`input ${name}: only for command ${commands.join(', ').replace(/, ([^,]*)$/, ' or $1')} (got command ${command})`);
  }
}

/**
 * A password input as given (getInput trims it, and a password may begin or end with a space), less
 * a final line end (a secret pasted from a file; no password holds one: the backup and docker login
 * read one line). Empty: not given. Only whitespace: refused, not taken as "not given".
 */
function passwordInput(name: string): string | undefined {
  const value = core.getInput(name, { trimWhitespace: false }).replace(/\r?\n$/, '');
  if (value === '') return undefined;
  if (value.trim() === '') throw new UserError(`input ${name}: only whitespace (is the secret it names set?)`);
  return value;
}

/** A boolean input; empty (not given, e.g. outside the runner) means false. */
function flag(name: string): boolean {
  return core.getInput(name) === '' ? false : core.getBooleanInput(name);
}

/**
 * What the run's report names before the inputs are read (the summary's heading when they are
 * refused): the command input when it names one, else `run`; the target input.
 */
export function namedRun(): { command: string; target?: string } {
  const command = core.getInput('command') || 'deploy';
  return { command: (COMMANDS as readonly string[]).includes(command) ? command : 'run', target: core.getInput('target') || undefined };
}

/** The only module that reads Action inputs: returns typed, validated settings with secrets masked. */
export function readInputs(): Settings {
  const command = (core.getInput('command') || 'deploy') as Command;
  if (command === 'init')
    throw new UserError('input command: init writes files into a repository; run it with the CLI (npx gitops-deploy init)');
  if (!COMMANDS.includes(command)) {
    throw new UserError(
      `input command: expected one of ${COMMANDS.filter((c) => c !== 'init').join(', ')}, got ${JSON.stringify(command)}`,
    );
  }
  const secrets = ['ssh-private-key', 'db-password', 'registry-password', 'github-token']
    .map((name) => core.getInput(name))
    .filter(Boolean);
  for (const form of secrets.flatMap(secretForms)) core.setSecret(form);
  checkApplicable(command);
  const repo = core.getInput('working-directory') || '.';
  const to = core.getInput('to');
  const ctx = github.context;
  const lockWaitMs = secondsToMs('input lock-wait', core.getInput('lock-wait'));
  const runUrl = ctx.runId ? `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.repo}/actions/runs/${ctx.runId}` : undefined;
  return defaultSettings({
    command,
    repo,
    configPath: configPathIn(repo, core.getInput('config') || undefined),
    target: core.getInput('target') || undefined,
    from: core.getInput('from') || undefined,
    to: command === 'rollback' ? 'HEAD' : to || ctx.sha || 'HEAD',
    rollbackTo: command === 'rollback' ? to || 'previous' : undefined,
    eventBefore: typeof ctx.payload?.before === 'string' ? ctx.payload.before : undefined,
    prBase: prBaseSha(ctx),
    dryRun: flag('dry-run'),
    ssh: {
      privateKey: core.getInput('ssh-private-key') || undefined,
      knownHosts: core.getInput('known-hosts') || undefined,
      fingerprint: core.getInput('host-fingerprint') || undefined,
    },
    dbPassword: passwordInput('db-password'),
    registryPassword: passwordInput('registry-password'),
    forceUnlock: flag('force-unlock'),
    lockWaitMs,
    restoreDb: flag('restore-db'),
    confirm: core.getInput('confirm') || undefined,
    backupName: core.getInput('backup') || undefined,
    drill: flag('drill'),
    uploadArtifact: flag('upload-artifact'),
    artifactRetentionDays: retentionDays(core.getInput('artifact-retention-days')),
    comment: commentFlag(command),
    github: githubSettings(ctx),
    run: { id: String(ctx.runId || process.pid), actor: ctx.actor || 'unknown', url: runUrl },
  });
}
