import { backupCommand } from './backup.js';
import { deployCommand } from './deploy.js';
import { doctorCommand } from './doctor.js';
import { initCommand } from './init.js';
import { logsCommand } from './logs.js';
import { planCommand } from './plan-command.js';
import { restoreCommand } from './restore.js';
import { rollbackCommand } from './rollback.js';
import { targetStatusCommand } from './status-hosts.js';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { UserError } from '../core/errors.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Command, Settings } from '../core/settings.js';

type CommandRunner = (settings: Settings, config: Config, reporter: Reporter, report: RunReport) => Promise<void>;

const COMMAND_RUNNERS: Record<Exclude<Command, 'init'>, CommandRunner> = {
  plan: planCommand,
  deploy: deployCommand,
  rollback: rollbackCommand,
  backup: backupCommand,
  restore: restoreCommand,
  status: targetStatusCommand,
  doctor: doctorCommand,
  logs: logsCommand,
};

/** The one core behind the Action and the CLI: loads the config and runs the command. */
export async function execute(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  if (settings.command === 'init') return initCommand(settings, reporter, report); // writes the config: none to load yet
  const config = await reporter.group('Load config', () => loadConfig(settings.configPath));
  if (settings.target !== undefined && !(settings.target in config.targets)) {
    const known = Object.keys(config.targets);
    throw new UserError(`unknown target ${JSON.stringify(settings.target)} (targets: ${known.join(', ') || 'none defined'})`);
  }
  await COMMAND_RUNNERS[settings.command as Exclude<Command, 'init'>](settings, config, reporter, report);
}
