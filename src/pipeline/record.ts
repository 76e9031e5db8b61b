/** The end of a run, written once for every strategy: the release record, state.json, the audit line. */
import type { BackupResult } from '../backup/types.js';
import { auditRun, reportedBackup } from '../record/run-audit.js';
import { recordRelease, type DeployState, type ReleaseRecord } from '../record/state-model.js';
import { recordRollback } from '../rollback/history.js';
import { saveState } from '../record/state-store.js';
import type { DeployRun, Strategy } from '../strategies/types.js';

/**
 * The release record. Re-deploying the deployed commit keeps the original's predecessor and
 * pre-deploy backup, so rollbacks and restore-db still pair with what came before it.
 */
export function newRelease(run: DeployRun, backup: BackupResult | undefined): ReleaseRecord {
  const { s, sha, previous } = run;
  const again = previous?.id === sha ? previous : undefined;
  const release: ReleaseRecord = {
    id: sha,
    sha,
    at: new Date().toISOString(),
    result: 'success',
    actor: s.settings.run.actor,
    runUrl: s.settings.run.url,
  };
  release.previous = again ? again.previous : previous?.id;
  if (again?.backup) release.backup = again.backup;
  else if (backup) release.backup = { file: backup.file, sha256: backup.sha256, size: backup.size };
  return release;
}

function audit<R extends DeployRun>(strategy: Strategy<R>, run: R, result: string, error?: string): Promise<void> {
  const { plan, s, rollback } = run;
  const restored = rollback?.restored && { file: rollback.restored.file, sha256: rollback.restored.sha256 };
  const rebuilt = error === undefined ? rollback?.rebuilt : undefined;
  const facts = { from: plan.from, to: plan.to, services: strategy.auditServices(plan), backup: reportedBackup(s) };
  return auditRun(s, { ...facts, restored, rebuilt, result, error });
}

/** The state once the run is live: a new release current, or (rollback) the retained one current and the undone one rolled-back. */
function liveState(run: DeployRun, release: ReleaseRecord): DeployState {
  return run.rollback ? recordRollback(run.state, run.previous!, run.rollback.to) : recordRelease(run.state, release);
}

/** The release is live: state.json first (it must say so even if what follows fails), then what it keeps, the audit line, pruning. */
export async function recordSuccess<R extends DeployRun>(strategy: Strategy<R>, run: R, release: ReleaseRecord): Promise<void> {
  const { s } = run;
  await strategy.completeRelease(run, release);
  const state = liveState(run, release);
  await saveState(s.conn.exec, s.target.path, state);
  await strategy.keep(run, release);
  await audit(strategy, run, 'success');
  await strategy.prune(run, state);
}

/**
 * The failed release is recorded (current unchanged) and its copy pruned (a failed release is never
 * kept), except on a failed re-run of the live commit (that must not mark the live release failed)
 * and on a failed rollback (the retained release stays as it was). Then the audit line. Never throws
 * for the record or the audit.
 */
export async function recordFailure<R extends DeployRun>(
  strategy: Strategy<R>,
  run: R,
  release: ReleaseRecord,
  error: Error,
): Promise<void> {
  const { s } = run;
  if (!run.rollback && run.previous?.id !== release.id) {
    const failed: ReleaseRecord = { ...release, result: 'failed', error: error.message.slice(0, 2000) };
    const state = recordRelease(run.state, failed);
    await saveState(s.conn.exec, s.target.path, state).catch((e: Error) => s.reporter.warning(`could not save the state: ${e.message}`));
    await strategy.prune(run, state);
  }
  const result = s.report.result === 'rolled-back' && !run.rollback ? 'failed, rolled back' : 'failed';
  await audit(strategy, run, result, error.message).catch((e: Error) =>
    s.reporter.warning(`could not append the audit line: ${e.message}`),
  );
}
