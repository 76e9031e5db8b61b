import { backupCommand } from './backup.js';
import { deployCommand } from './deploy.js';
import { doctorCommand } from './doctor.js';
import { logsCommand } from './logs.js';
import { restoreCommand } from './restore.js';
import { rollbackCommand } from './rollback.js';
import { targetStatusCommand } from './status-hosts.js';

/**
 * The commands that reach a host, loaded together by `execute` only when one of them runs. One
 * module rather than one per command: the bundler copies shared code into every chunk it splits off.
 */
export const REMOTE_COMMANDS = {
  deploy: deployCommand,
  rollback: rollbackCommand,
  backup: backupCommand,
  restore: restoreCommand,
  status: targetStatusCommand,
  doctor: doctorCommand,
  logs: logsCommand,
};
