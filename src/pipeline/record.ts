/** The end of a run, written once for every strategy: the release record, state.json, the audit line. */
import type { BackupResult } from '../backup/types.js';
import { auditPath } from '../record/audit.js';
import { AUDIT_FAILED, DONE_FAILED, parseRecordOutput, recordInput, recordScript, STATE_FAILED } from '../record/record-script.js';
import { auditEntry, auditRun, reportedBackup, type AuditFacts } from '../record/run-audit.js';
import { recordRelease, wentLive, type DeployState, type ReleaseRecord } from '../record/state-model.js';
import { recordRollback } from '../rollback/history.js';
import { saveState, statePath, stateText } from '../record/state-store.js';
import type { DeployRun, Strategy } from '../strategies/types.js';
import { handOffUnlock } from '../session/session.js';
import { tempNextTo } from '../transport/remote-files.js';

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

function auditFacts<R extends DeployRun>(strategy: Strategy<R>, run: R, result: string, error?: string): AuditFacts {
  const { plan, s, rollback } = run;
  const restored = rollback?.restored && { file: rollback.restored.file, sha256: rollback.restored.sha256 };
  const rebuilt = error === undefined ? rollback?.rebuilt : undefined;
  const facts = { from: plan.from, to: plan.to, services: strategy.auditServices(plan), backup: reportedBackup(s) };
  return { ...facts, restored, rebuilt, result, error };
}

/** The state once the run is live: a new release current, or (rollback) the retained one current and the undone one rolled-back. */
function liveState(run: DeployRun, release: ReleaseRecord): DeployState {
  return run.rollback ? recordRollback(run.state, run.previous!, run.rollback.to) : recordRelease(run.state, release);
}

/**
 * state.json, what the release keeps (as a script), the audit line, the strategy's finishScript and
 * the prune listing (or the prune, decided before: `pruned` then) in one round trip
 * (record/record-script.ts); last, when nothing follows it, the lock's release (handOffUnlock).
 * Throws when the state or the audit line could not be written, or the finishScript failed.
 */
async function writeRecord<R extends DeployRun>(
  strategy: Strategy<R>,
  run: R,
  release: ReleaseRecord,
  state: DeployState,
): Promise<{ listing?: string; pruned: boolean }> {
  const { s } = run;
  const path = statePath(s.target.path);
  const keep = strategy.keepScript?.(run, release);
  const decided = strategy.prunePlan?.(run, state);
  const listing = decided ? undefined : strategy.pruneListing?.(run);
  const unlock = decided && !strategy.keep ? await handOffUnlock(s) : undefined;
  const script = recordScript({
    statePath: path,
    stateTmp: tempNextTo(path),
    auditPath: auditPath(s.target.path),
    keep: keep?.script,
    done: strategy.finishScript?.(run),
    listing,
    prune: decided?.script,
    unlock: unlock?.script,
  });
  const stdin = recordInput(JSON.stringify(auditEntry(s, auditFacts(strategy, run, 'success'))), stateText(state));
  const r = await s.conn.exec.sh(script, { stdin, allowFailure: true });
  const why = r.stderr.trim() || `exit ${r.code}`;
  if (r.code === STATE_FAILED) throw new Error(`could not save the state ${path}: ${why}`);
  if (r.code === AUDIT_FAILED) throw new Error(`could not append the audit line to ${auditPath(s.target.path)}: ${why}`);
  if (r.code === DONE_FAILED) throw new Error(`could not finish the run on the host (recorded): ${why}`);
  if (r.code !== 0) throw new Error(`could not record the release: ${why}`);
  const out = parseRecordOutput(r.stdout);
  if (unlock && out.unlocked) unlock.released = true;
  if (out.keepFailed) keep?.onFailure(why);
  decided?.report(out.listing);
  return { listing: listing === undefined ? undefined : out.listing, pruned: decided !== undefined };
}

/** The release is live: state.json first (it must say so even if what follows fails), then what it keeps, the audit line, pruning. */
export async function recordSuccess<R extends DeployRun>(strategy: Strategy<R>, run: R, release: ReleaseRecord): Promise<void> {
  await strategy.completeRelease(run, release);
  const state = liveState(run, release);
  const { listing, pruned } = await writeRecord(strategy, run, release, state);
  await strategy.keep?.(run, release);
  if (!pruned) await strategy.prune(run, state, listing);
}

/**
 * The failed release is recorded (current unchanged) and its copy pruned (a failed release is never
 * kept), except on a failed re-deploy of a commit that went live before (the live one, or a kept
 * older one such as the rollback target: its record, directory, images and backup stay as they
 * were) and on a failed rollback (the retained release stays as it was). Then the audit line.
 * Never throws for the record or the audit.
 */
export async function recordFailure<R extends DeployRun>(
  strategy: Strategy<R>,
  run: R,
  release: ReleaseRecord,
  error: Error,
): Promise<void> {
  const { s } = run;
  const wentLiveBefore = run.state.releases.some((r) => r.id === release.id && wentLive(r));
  if (!run.rollback && run.previous?.id !== release.id && !wentLiveBefore) {
    const failed: ReleaseRecord = { ...release, result: 'failed', error: error.message.slice(0, 2000) };
    const state = recordRelease(run.state, failed);
    await saveState(s.conn.exec, s.target.path, state).catch((e: Error) => s.reporter.warning(`could not save the state: ${e.message}`));
    await strategy.prune(run, state);
    await strategy.dropKept?.(run);
  }
  const result = s.report.result === 'rolled-back' && !run.rollback ? 'failed, rolled back' : 'failed';
  await auditRun(s, auditFacts(strategy, run, result, error.message)).catch((e: Error) =>
    s.reporter.warning(`could not append the audit line: ${e.message}`),
  );
}
