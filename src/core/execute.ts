import { backupCommand } from '../commands/backup.js';
import { deployCommand } from '../commands/deploy.js';
import { planCommand } from '../commands/plan-command.js';
import { restoreCommand } from '../commands/restore.js';
import { rollbackCommand } from '../commands/rollback.js';
import { statusCommand } from '../commands/status.js';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { UserError } from './errors.js';
import type { RunReport } from './report.js';
import type { Reporter } from './reporter.js';
import type { Command, Settings } from './settings.js';

type CommandRunner = (settings: Settings, config: Config, reporter: Reporter, report: RunReport) => Promise<void>;

const COMMAND_RUNNERS: Record<Command, CommandRunner> = {
  plan: planCommand,
  deploy: deployCommand,
  rollback: rollbackCommand,
  backup: backupCommand,
  restore: restoreCommand,
  status: statusCommand,
};

/** The one core behind the Action and the CLI: loads the config and runs the command. */
export async function execute(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  const config = await reporter.group('Load config', () => loadConfig(settings.configPath));
  if (settings.target !== undefined && !(settings.target in config.targets)) {
    const known = Object.keys(config.targets);
    throw new UserError(`unknown target ${JSON.stringify(settings.target)} (targets: ${known.join(', ') || 'none defined'})`);
  }
  await COMMAND_RUNNERS[settings.command](settings, config, reporter, report);
}
