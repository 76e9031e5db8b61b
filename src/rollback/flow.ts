/**
 * What every strategy's rollback shares besides the pipeline: the loud warning when the schema is
 * not reverted, and restore-db (the pre-deploy backup paired with the undone release, checked to be
 * on the host before anything changes, restored after a safety backup once the target's code is
 * ready: db-restore.ts).
 */
import type { ComposeInvocation } from '../apply/compose-command.js';
import type { BackupResult } from '../backup/types.js';
import { restoreWithSafetyBackup } from '../backup/database.js';
import { recordedBackupProblem } from '../backup/naming.js';
import { UserError } from '../core/errors.js';
import { shortSha } from '../core/text.js';
import type { Plan } from '../plan/types.js';
import { protectedBackups, type ProtectedBackup } from '../record/release-retention.js';
import type { ReleaseRecord } from '../record/state-model.js';
import type { Session } from '../session/session.js';
import type { DeployRun } from '../strategies/types.js';
import { shellQuote as q } from '../transport/quote.js';
import { backupToRestore, changedMigrations, recordRollback } from './history.js';

/** Loud warning (log + report) when migrations differ and the database is not restored. */
export function warnSchemaNotReverted(s: Session, plan: Plan, current: ReleaseRecord, to: ReleaseRecord): void {
  const migrations = changedMigrations(plan);
  if (migrations.length === 0 || s.settings.restoreDb) return;
  const [from, back] = [shortSha(current.id), shortSha(to.id)];
  const text = `DATABASE SCHEMA NOT REVERTED: migrations differ between ${from} and ${back} (${migrations.join(', ')}); the code goes back, the database stays as it is. Roll back with restore-db: true to restore the backup taken before ${from}.`;
  s.reporter.warning(text);
  s.report.warnings.push(text);
}

/** restore-db's choice, checked before anything changes: the backup to restore and the backups retention must keep. */
export interface DbRestore {
  backup: { file: string; sha256: string };
  protect: ProtectedBackup[];
}

/**
 * restore-db: the pre-deploy backup paired with the undone release, checked to be on the host
 * (refused, nothing changed, when it is gone or state.json names a path outside the target), with
 * the backups a rollback needs before and after this one (kept by the safety backup's retention).
 * Undefined without restore-db.
 */
export async function checkDbRestore(run: DeployRun): Promise<DbRestore | undefined> {
  const { s, state } = run;
  const [current, source] = [run.previous!, run.rollback!];
  if (!s.settings.restoreDb) return undefined;
  const pairing = backupToRestore(state, current, source.to);
  const file = pairing.backup.file;
  const problem = recordedBackupProblem(file, s.target.path);
  if (problem) {
    throw new UserError(
      `restore-db: the backup state.json records for release ${shortSha(pairing.release.id)}, ${problem} (state.json corrupt or edited by hand?); nothing was changed`,
    );
  }
  const found = await s.conn.exec.sh(`test -f ${q(file)}`, { allowFailure: true });
  if (found.code !== 0) {
    throw new UserError(
      `restore-db: the backup taken before ${shortSha(pairing.release.id)} was deployed (${file}) is no longer on the host (deleted by retention?); nothing was changed`,
    );
  }
  const protect = protectedBackups(s.target.keep_releases, state, recordRollback(state, current, source.to));
  return { backup: pairing.backup, protect };
}

/**
 * Restores a checked choice after a safety backup (returned); noted in `run.rollback.restored`.
 * A load that can stop midway is noted in `run.rollback.loading` (with its safety backup, through
 * `safe`) until it succeeds: the undo then puts the database back even when the load failed.
 */
export async function restoreChecked(
  run: DeployRun,
  choice: DbRestore,
  inv?: ComposeInvocation,
  safe?: (safety: BackupResult | undefined) => void,
): Promise<BackupResult | undefined> {
  const rollback = run.rollback!;
  const loading = (safety: BackupResult | undefined): void => {
    safe?.(safety);
    rollback.loading = choice.backup;
  };
  const taken = await restoreWithSafetyBackup(run.s, choice.backup, run.previous!.sha, inv, choice.protect, loading);
  rollback.loading = undefined;
  rollback.restored = choice.backup;
  return taken;
}
