import { backupCommand } from '../commands/backup.js';
import { deployCommand } from '../commands/deploy.js';
import { planCommand } from '../commands/plan-command.js';
import { restoreCommand } from '../commands/restore.js';
import { rollbackCommand } from '../commands/rollback.js';
import { statusCommand } from '../commands/status.js';
import { loadConfig } from '../config/load.js';
import { UserError } from './errors.js';
import type { RunReport } from './report.js';
import type { Reporter } from './reporter.js';
import type { Settings } from './settings.js';

/** The one core behind the Action and the CLI: loads the config and runs the command. */
export async function execute(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  const config = await reporter.group('Load config', () => loadConfig(settings.configPath));
  if (settings.target !== undefined && !(settings.target in config.targets)) {
    const known = Object.keys(config.targets);
    throw new UserError(`unknown target ${JSON.stringify(settings.target)} (targets: ${known.join(', ') || 'none defined'})`);
  }
  switch (settings.command) {
    case 'plan':
      await planCommand(settings, config, reporter, report);
      return;
    case 'deploy':
      await deployCommand(settings, config, reporter, report);
      return;
    case 'rollback':
      await rollbackCommand(settings, config, reporter, report);
      return;
    case 'backup':
      await backupCommand(settings, config, reporter, report);
      return;
    case 'restore':
      await restoreCommand(settings, config, reporter, report);
      return;
    case 'status':
      await statusCommand(settings, config, reporter, report);
      return;
    default:
      throw new UserError(`command ${settings.command} is not available yet`);
  }
}
