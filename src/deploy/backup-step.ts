import type { ProtectedBackup } from '../backup/retention.js';
import type { BackupResult, ComposeContext } from '../backup/types.js';
import type { Session } from '../commands/session.js';
import { backupContext, takeBackup } from '../rollback/database.js';

export { envFileFor } from '../rollback/database.js';

/**
 * Takes the verified pre-deploy backup when the target has one (the deploy aborts if it fails);
 * `protect`: the backups retention must keep (protectedBackups of the deploy state).
 */
export async function backupStep(s: Session, sha: string, compose?: ComposeContext, protect?: ProtectedBackup[]): Promise<BackupResult | undefined> {
  if (!s.target.backup) {
    s.reporter.info('no backup configured for this target');
    return undefined;
  }
  return takeBackup(s, 'Backup', backupContext(s, sha, compose, protect));
}
