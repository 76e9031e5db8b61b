/**
 * The pre-deploy backup: the database is probed first (one round trip), then backed up or skipped
 * (decide-backup.ts). A swarm stack service's database is probed and dumped in its task, on its
 * node (swarm-backup.ts).
 */
import type { ProtectedBackup } from './retention.js';
import { runBackup } from './run-backup.js';
import type { BackupResult, ComposeContext } from './types.js';
import { phase, type Session } from '../session/session.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { backupContext, reportBackup, requireBackupSpec } from './database.js';
import { decideBackup, probeDatabase } from './decide-backup.js';
import { swarmBackupStep, swarmDbService } from './swarm-backup.js';

export { decideBackup, type BackupDecision } from './decide-backup.js';

/**
 * Takes the verified pre-deploy backup when the target has one and its database exists (the
 * deploy aborts if it fails). `live`: the release serving now; `compose`: the target's project
 * (the database's compose service is found by its labels).
 */
export async function backupStep(
  s: Session,
  sha: string,
  live: ReleaseRecord | undefined,
  compose?: ComposeContext,
  protect?: ProtectedBackup[],
): Promise<BackupResult | undefined> {
  if (!s.target.backup) {
    s.reporter.info('no backup configured for this target');
    return undefined;
  }
  const spec = requireBackupSpec(s, 'Backup');
  const ctx = backupContext(s, sha, compose, protect);
  const result = await phase(s, 'Backup', async () => {
    if (swarmDbService(s)) return swarmBackupStep(s, spec, ctx, live);
    const probed = await probeDatabase(s.conn.exec, spec, ctx);
    const decision = decideBackup(probed.result, live, s.targetName, probed.stderr);
    if (decision.action === 'skip') return decision;
    return runBackup(s.conn.exec, spec, decision.container ? { ...ctx, container: decision.container } : ctx);
  });
  if ('file' in result) {
    reportBackup(s, result);
    return result;
  }
  s.reporter.info(`backup skipped: ${result.reason}`);
  s.report.notes.push(`backup skipped: ${result.reason}`);
  return undefined;
}
