import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { RunReport } from '../session/report.js';
import { connectAhead, connectEarly } from '../session/session.js';
import { closeEarly } from '../session/early-connect.js';
import type { Reporter } from '../core/reporter.js';
import type { Command, Settings } from '../core/settings.js';

type CommandRunner = (settings: Settings, config: Config, reporter: Reporter, report: RunReport) => Promise<void>;

/** `plan` is loaded alone, and the commands that reach a host together: `--help` and `plan` skip ssh2, Octokit and the rest. */
const remote = (name: keyof typeof import('./remote-commands.js').REMOTE_COMMANDS) => async () =>
  (await import('./remote-commands.js')).REMOTE_COMMANDS[name];
const COMMAND_RUNNERS: Record<Exclude<Command, 'init'>, () => Promise<CommandRunner>> = {
  plan: async () => (await import('./plan-command.js')).planCommand,
  deploy: remote('deploy'),
  rollback: remote('rollback'),
  backup: remote('backup'),
  restore: remote('restore'),
  status: remote('status'),
  doctor: remote('doctor'),
  logs: remote('logs'),
};

/** The one core behind the Action and the CLI: loads the config and runs the command. */
export async function execute(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  if (settings.command === 'init') return (await import('./init.js')).initCommand(settings, reporter, report); // writes the config: none to load yet
  const ahead = readsGitFirst(settings) ? (await import('../pipeline/plan.js')).startPlanRead(settings) : undefined;
  try {
    await loadAndRun(settings, reporter, report);
  } finally {
    ahead?.cancel(); // nothing once the plan took it
  }
}

/** A deploy or rollback first starts connecting to its host (connectEarly), then the config loads and the command runs. */
async function loadAndRun(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  // the handshake overlaps with loading and validating the config and with loading the command's code
  if (connectsFirst(settings)) await connectEarly(settings, reporter);
  try {
    await loadAndRunCommand(settings, reporter, report);
  } finally {
    await closeEarly(); // nothing once the session took it
  }
}

/** Loads the config (its code too: the validation's is the heaviest, and git runs meanwhile) and runs the command. */
async function loadAndRunCommand(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  const { loadConfig } = await import('../config/load.js');
  const config = await reporter.group('Load config', () => loadConfig(settings.configPath));
  if (settings.target !== undefined && !(settings.target in config.targets)) {
    const known = Object.keys(config.targets);
    throw new UserError(`unknown target ${JSON.stringify(settings.target)} (targets: ${known.join(', ') || 'none defined'})`);
  }
  // a deploy or rollback connects first: the connect runs while the command's code loads
  const closeAhead = connectsFirst(settings) ? await connectAhead(settings, config, reporter, report) : undefined;
  try {
    const run = await COMMAND_RUNNERS[settings.command as Exclude<Command, 'init'>]();
    await run(settings, config, reporter, report);
  } finally {
    await closeAhead?.();
  }
}

/** A `plan` whose `from` the settings name (not read on the host): its git reading starts before the config loads (startPlanRead). */
const readsGitFirst = (settings: Settings): boolean =>
  settings.command === 'plan' && !(settings.target && settings.ssh.privateKey && !settings.from);

/** Commands whose first step is opening the session (a dry run without key is planned offline). */
const connectsFirst = (settings: Settings): boolean =>
  (settings.command === 'deploy' || settings.command === 'rollback') && Boolean(settings.ssh.privateKey);
