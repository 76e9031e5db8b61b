import type { BackupResult } from '../backup/types.js';
import type { DrillResult } from '../backup/run-drill.js';
import { retentionTable } from '../backup/retention-table.js';
import type { Config } from '../config/schema.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { protectedBackups } from '../record/release-retention.js';
import { currentRelease } from '../record/state-model.js';
import { loadHostState } from '../record/state-store.js';
import { backupContext, dbComposeContext, NO_RELEASE_SHA, requireBackupSpec, takeBackup } from '../backup/database.js';
import { drillStep } from '../backup/drill-step.js';
import { checkServiceEngine } from '../backup/service-engine.js';
import { holdPath, holdScript, releaseHoldScript } from '../backup/hold.js';
import type { ComposeContext } from '../backup/types.js';
import path from 'node:path';
import { offsiteCopy } from '../backup/offsite-copy.js';
import { auditRun, reportedBackup } from '../record/run-audit.js';
import { describePolicy, type KeepSetting } from '../backup/policy.js';
import { type Session, withLock, withSession } from '../session/session.js';
import { hostLabel, hostsOf } from '../config/hosts.js';

/** The report of `backup` also carries the retention decisions and the drill (in --json). */
export type BackupRunReport = RunReport & { retention?: BackupResult['retention']; drill?: DrillResult };

/**
 * `backup` (for `on: schedule`): a verified backup under the deploy lock, retention by policy
 * (shown with reasons), then optionally the restore drill and the off-site copy as an artifact.
 */
export async function backupCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  await withSession(settings, config, reporter, report, async (s) => {
    const spec = requireBackupSpec(s, 'command backup');
    onPrimaryOnly(s);
    if (settings.dryRun) {
      s.report.notes.push(
        `dry-run: would back up the ${spec.engine} database of ${s.targetName} into ${s.target.path}/backups (keep: ${describePolicy(spec.keep)})${settings.drill ? ', then drill it' : ''}`,
      );
      return;
    }
    await checkServiceEngine(s.conn.exec, spec, dbComposeContext(s), s.targetName);
    try {
      await runBackupCommand(s, report as BackupRunReport, spec.keep);
    } catch (e) {
      await auditRun(s, { backup: reportedBackup(s), result: 'failed', error: (e as Error).message }).catch(() => undefined);
      throw e;
    }
  });
}

/** Several hosts: the database lives with the primary (the session's first host, as in the rolling deploy); said in the log and the report. */
function onPrimaryOnly(s: Session): void {
  const hosts = hostsOf(s.target).map(hostLabel);
  if (hosts.length < 2) return;
  const line = `backup on the primary ${hosts[0]} only (the database lives with the primary); not on ${hosts.slice(1).join(', ')}`;
  s.reporter.info(line);
  s.report.notes.push(line);
}

/**
 * The drill and the off-site copy, after the lock: they read the backup through its hold when it
 * could be made (a deploy that took the lock may have deleted its name), released at the end.
 */
async function readHeld(s: Session, result: BackupResult, held: boolean, sha: string, compose?: ComposeContext) {
  const backup = { file: held ? holdPath(result.file) : result.file, sha256: result.sha256, name: path.posix.basename(result.file) };
  try {
    const drill = s.settings.drill ? await drillStep(s, backup.file, sha, compose, backup.name) : undefined;
    const artifact = s.settings.uploadArtifact ? await offsiteCopy(s, backup) : undefined;
    return { drill, artifact };
  } finally {
    if (held) await s.conn.exec.sh(releaseHoldScript(result.file), { allowFailure: true }).catch(() => undefined);
  }
}

async function runBackupCommand(s: Session, report: BackupRunReport, keep: KeepSetting): Promise<void> {
  const liveSha = async () => {
    const state = await loadHostState(s);
    return { state, sha: currentRelease(state)?.sha ?? NO_RELEASE_SHA };
  };
  const compose = dbComposeContext(s);
  // read again under the lock: a deploy this run waited for (lock-wait) has changed the live release
  const { sha, result, held } = await withLock(s, (await liveSha()).sha, async () => {
    const { state, sha } = await liveSha();
    const protect = protectedBackups(s.target.keep_releases, state);
    const result = await takeBackup(s, 'Backup', backupContext(s, sha, compose, protect));
    const hold = s.settings.drill || s.settings.uploadArtifact === true;
    const held = hold && (await s.conn.exec.sh(holdScript(result.file), { allowFailure: true })).code === 0;
    return { sha, result, held };
  });
  report.retention = result.retention;
  s.report.notes.push(...retentionTable(keep, result.retention));
  const { drill, artifact } = await readHeld(s, result, held, sha, compose);
  report.drill = drill;
  await auditRun(s, {
    backup: reportedBackup(s),
    retention: { deleted: result.retention.deleted },
    drill: report.drill ? { passed: true, value: report.drill.value } : undefined,
    artifact: artifact?.name,
    result: 'success',
  });
}
