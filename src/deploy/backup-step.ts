import { runBackup } from '../backup/run-backup.js';
import type { BackupResult, BackupSpec, ComposeContext } from '../backup/types.js';
import type { Target } from '../config/schema.js';
import type { Session } from '../commands/session.js';
import { phase } from '../commands/session.js';

/** Remote env file that may hold the backup password: the first shared (or in-place) `.env`. */
export function envFileFor(target: Target): string | undefined {
  const entry = target.shared.find((p) => p.replace(/\/$/, '').split('/').pop() === '.env');
  if (!entry) return undefined;
  return target.layout === 'releases' ? `${target.path}/shared/${entry}` : `${target.path}/${entry}`;
}

/** Takes the verified pre-deploy backup when the target has one (the deploy aborts if it fails). */
export async function backupStep(s: Session, sha: string, compose?: ComposeContext): Promise<BackupResult | undefined> {
  const spec = s.target.backup;
  if (!spec) {
    s.reporter.info('no backup configured for this target');
    return undefined;
  }
  const result = await phase(s, 'Backup', () =>
    runBackup(s.conn.exec, spec as BackupSpec, {
      deployPath: s.target.path,
      target: s.targetName,
      sha,
      now: new Date(),
      compose,
      password: s.settings.dbPassword,
      envFile: envFileFor(s.target),
    }),
  );
  s.report.backup = { file: result.file, size: result.size, sha256: result.sha256 };
  s.reporter.info(`backup ${result.file}: ${result.size} bytes, sha256 ${result.sha256}`);
  if (result.retention.deleted.length > 0) s.reporter.info(`retention deleted: ${result.retention.deleted.join(', ')}`);
  if (result.retention.error) s.reporter.warning(`backup retention failed: ${result.retention.error}`);
  return result;
}
