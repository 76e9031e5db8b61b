/** State, audit and pruning at the end of a passenger deploy (success or failure). */
import { pruneReleases } from '../deploy/prune.js';
import { auditRun, reportedBackup } from '../rollback/run-audit.js';
import { recordRelease, type ReleaseRecord } from '../record/state-model.js';
import { saveState } from '../record/state-store.js';
import type { PassengerDeploy } from './deploy-context.js';
import { dropFrontends, keepFrontend } from './frontend-copies.js';

function audit(d: PassengerDeploy, result: string, error?: string): Promise<void> {
  const { plan } = d;
  return auditRun(d.s, { from: plan.from, to: plan.to, services: { tasks: plan.tasks }, backup: reportedBackup(d.s), result, error });
}

/**
 * Records the release as current, appends the audit line, keeps a copy of its frontend, prunes old
 * releases (or in-place snapshots) and their frontend copies.
 */
export async function recordSuccess(d: PassengerDeploy, release: ReleaseRecord): Promise<void> {
  const { s, paths } = d;
  const state = recordRelease(d.state, release);
  await saveState(s.conn.exec, d.target.path, state);
  const fe = d.target.frontend;
  if (fe) {
    await keepFrontend(s.conn.exec, paths, fe.public_html, release.id, s.reporter).catch((e: Error) =>
      s.reporter.warning(`could not keep a copy of the frontend of ${release.id.slice(0, 12)} (a rollback to it will leave public_html as it is): ${e.message}`),
    );
  }
  // in-place snapshots are named after the release they hold, like release directories
  const layout = paths.releases ? paths.layout : { ...paths.layout, releases: paths.snapshots, releaseDir: paths.snapshotOf };
  const [, pruned] = await Promise.all([audit(d, 'success'), pruneReleases(s.conn.exec, layout, state, d.target.keep_releases, s.reporter)]);
  if (fe) await dropFrontends(s.conn.exec, paths, pruned);
}

/** Records the failed release (current unchanged) and the audit line; never throws. */
export async function recordFailure(d: PassengerDeploy, release: ReleaseRecord, error: Error, rolledBack: boolean): Promise<void> {
  const { s } = d;
  const failed: ReleaseRecord = { ...release, result: 'failed', error: error.message.slice(0, 2000) };
  await saveState(s.conn.exec, d.target.path, recordRelease(d.state, failed)).catch((e: Error) => s.reporter.warning(`could not save the state: ${e.message}`));
  await audit(d, rolledBack ? 'failed, rolled back' : 'failed', error.message).catch(() => undefined);
}
