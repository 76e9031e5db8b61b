import { listBackupsAndClock, pickNow, type BackupInfo } from '../backup/inventory.js';
import { backupsDir } from '../backup/naming.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import { humanBytes } from '../core/units.js';
import type { Settings } from '../core/settings.js';
import { protectedBackups } from '../record/release-retention.js';
import { currentRelease } from '../record/state-model.js';
import { loadHostState } from '../record/state-store.js';
import { chooseBackup } from '../backup/choose-backup.js';
import type { ComposeContext } from '../backup/types.js';
import { dbComposeContext, NO_RELEASE_SHA, requireBackupSpec, restoreOrPutBack } from '../backup/database.js';
import { drillStep } from '../backup/drill-step.js';
import { auditRun, reportedBackup } from '../record/run-audit.js';
import { phase, requireTarget, type Session, withLock, withSession } from '../session/session.js';

async function pick(s: Session): Promise<BackupInfo> {
  const dir = backupsDir(s.target.path);
  const { backups, hostTime } = await phase(s, 'List backups', () => listBackupsAndClock(s.conn.exec, dir, s.targetName));
  const engine = requireBackupSpec(s, 'command restore').engine;
  const chosen = chooseBackup(backups, s.targetName, s.settings.backupName, pickNow(new Date(), hostTime), engine);
  s.reporter.info(`backup ${chosen.name}: ${humanBytes(chosen.size)}`);
  return chosen;
}

/**
 * Under the lock: the backup, the live release (it names the safety backup) and the backups a
 * rollback needs are read now, not before the lock: a deploy this run waited for (lock-wait) has
 * made a release live, and its pre-deploy backup is one the safety backup's retention must keep.
 */
async function restoreLocked(s: Session, compose?: ComposeContext): Promise<void> {
  const state = await loadHostState(s);
  const sha = currentRelease(state)?.sha ?? NO_RELEASE_SHA;
  const chosen = await pick(s);
  try {
    await restoreOrPutBack(s, { file: chosen.file }, sha, compose, protectedBackups(s.target.keep_releases, state));
  } catch (e) {
    await auditRun(s, {
      backup: reportedBackup(s),
      restored: { file: chosen.file },
      result: 'failed',
      error: (e as Error).message,
    }).catch(() => undefined);
    throw e;
  }
  await auditRun(s, { backup: reportedBackup(s), restored: { file: chosen.file }, result: 'success' });
}

/**
 * `restore`: a named backup (or the newest) into the target's database, after a safety backup,
 * under the deploy lock, only with `confirm` equal to the target name. With `drill`, restores into
 * a scratch database instead (no confirm needed: the real database is not touched).
 */
export async function restoreCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  // refused before connecting: the target's name is known from the config alone
  const { name } = requireTarget(settings, config);
  if (!settings.drill && settings.confirm !== name) {
    throw new UserError(
      `restore overwrites the database of ${name}: set confirm to the target name (confirm: ${name}, --confirm ${name}) to proceed`,
    );
  }
  await withSession(settings, config, reporter, report, async (s) => {
    requireBackupSpec(s, 'command restore');
    const state = await loadHostState(s);
    const sha = currentRelease(state)?.sha ?? NO_RELEASE_SHA;
    const compose = dbComposeContext(s);
    if (settings.drill) {
      await drillStep(s, (await pick(s)).file, sha, compose);
      return;
    }
    if (settings.dryRun) {
      const chosen = await pick(s);
      s.report.notes.push(`dry-run: would take a safety backup, then restore ${chosen.name} into the database of ${s.targetName}`);
      return;
    }
    await withLock(s, sha, () => restoreLocked(s, compose));
  });
}
