/** State, audit and pruning at the end of a passenger deploy (success or failure). */
import { pruneReleases } from '../../sync/prune-releases.js';
import { auditRun, reportedBackup } from '../../record/run-audit.js';
import { recordRelease, type DeployState, type ReleaseRecord } from '../../record/state-model.js';
import type { Layout } from '../../sync/layout.js';
import { saveState } from '../../record/state-store.js';
import type { PassengerDeploy } from './deploy-context.js';
import { dropFrontends, keepFrontend } from './frontend-copies.js';
import type { PassengerPaths } from './paths.js';

function audit(d: PassengerDeploy, result: string, error?: string): Promise<void> {
  const { plan } = d;
  return auditRun(d.s, { from: plan.from, to: plan.to, services: { tasks: plan.tasks }, backup: reportedBackup(d.s), result, error });
}

/** Where a passenger target keeps release copies: release directories, or in-place snapshots (named after the release they hold). */
function copies(paths: PassengerPaths): Layout {
  return paths.releases ? paths.layout : { ...paths.layout, releases: paths.snapshots, releaseDir: paths.snapshotOf };
}

/** Prunes release copies outside the retained set, and the frontend copies of the pruned releases. */
async function pruneCopies(d: Pick<PassengerDeploy, 's' | 'paths' | 'target'>, state: DeployState): Promise<void> {
  const pruned = await pruneReleases(d.s, copies(d.paths), state, d.target.keep_releases);
  if (d.target.frontend) await dropFrontends(d.s.conn.exec, d.paths, pruned.releases);
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
      s.reporter.warning(
        `could not keep a copy of the frontend of ${release.id.slice(0, 12)} (a rollback to it will leave public_html as it is): ${e.message}`,
      ),
    );
  }
  await Promise.all([audit(d, 'success'), pruneCopies(d, state)]);
}

/** Records the failed release (current unchanged), the audit line, and prunes (a failed release is never kept); never throws. */
export async function recordFailure(d: PassengerDeploy, release: ReleaseRecord, error: Error, rolledBack: boolean): Promise<void> {
  const { s } = d;
  const failed: ReleaseRecord = { ...release, result: 'failed', error: error.message.slice(0, 2000) };
  const state = recordRelease(d.state, failed);
  await saveState(s.conn.exec, d.target.path, state).catch((e: Error) => s.reporter.warning(`could not save the state: ${e.message}`));
  await audit(d, rolledBack ? 'failed, rolled back' : 'failed', error.message).catch(() => undefined);
  await pruneCopies(d, state);
}

/** After a rollback: the same pruning as a deploy, on the state the rollback recorded. */
export function pruneAfterRollback(d: Pick<PassengerDeploy, 's' | 'paths' | 'target'>, state: DeployState): Promise<unknown> {
  return pruneCopies(d, state);
}
