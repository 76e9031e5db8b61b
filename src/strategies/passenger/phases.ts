/** The host-changing phases of a passenger deploy that mark their own progress (what a revert undoes). */
import { posix } from 'node:path';
import { shortSha } from '../../core/text.js';
import { switchCurrentScript } from '../../sync/layout.js';
import { removedOnHost } from '../../sync/trash.js';
import { uploadTree } from '../upload.js';
import { rsyncChmod } from '../../transport/modes.js';
import { healthExpectation, waitForHttp } from '../../verify/http-check.js';
import { DIAGNOSIS_LINES, withLogsOnFailure, type LogSource } from '../diagnose.js';
import { passengerLogsScript } from './logs-script.js';
import { passengerPaths } from './paths.js';
import type { PassengerDeploy } from './deploy-context.js';
import { frontendRsyncArgs, uploadFrontend, type BuiltFrontend } from './frontend.js';
import { installRequirements, restartApp } from './host-steps.js';
import { codeRestoreDryRunScript, codeRestoreScript, codeSnapshotScript, snapshotScript } from './host-sync.js';
import { parseItemized, runRsync } from '../../sync/run-rsync.js';
import { beyondTimes, unshareAttributeChanges } from '../../sync/unshare.js';
import { stageTree } from '../../sync/stage-tree.js';

/**
 * releases: a new release dir hard-linked to the previous one; in-place: snapshot, then sync into
 * the tree (from pip's staged copy when there is one: not exported again, new files copied on the
 * host; the stage removed after). With user tasks to run in it, its files get inodes of their own
 * (sync/upload.ts).
 */
export async function uploadCode(d: PassengerDeploy): Promise<void> {
  const { s, paths, target } = d;
  try {
    if (!paths.releases && d.previous) {
      await s.conn.exec.sh(codeSnapshotScript(target, d.previous.id));
      s.reporter.info(`snapshot of ${shortSha(d.previous.id)}: ${paths.snapshotOf(d.previous.id)}`);
    }
    if (!paths.releases) d.progress.reach('code');
    await uploadTree(s, target, d.sha, d.previous?.id, undefined, d.steps.tasks.length > 0, d.staged);
  } finally {
    await removeStaged(d);
  }
}

/** pip's staged copy of the new tree (installPip) removed, on the host and on the runner, once. */
export async function removeStaged(d: Pick<PassengerDeploy, 'staged'>): Promise<void> {
  const staged = d.staged;
  d.staged = undefined;
  await staged?.remove();
}

/**
 * pip into the venv. Releases: in the new release before the switch. In place, BEFORE the code
 * sync, in a staged copy of the new tree (its requirements, wheels): synced first, a Passenger spawn
 * (restart, idle spawn, crash) before pip ran the new code on the old venv (ImportError → 500).
 * Requirements with a local editable (`d.pipInLiveTree`) still run in the live tree, after the sync.
 */
export async function installPip(d: PassengerDeploy): Promise<void> {
  const { s, target, paths } = d;
  if (paths.releases || d.pipInLiveTree) {
    await installRequirements(s.conn.exec, target, paths.venv, paths.appRootOf(d.sha), s.reporter);
    return;
  }
  const req = { repo: s.settings.repo, sha: d.sha, target, dir: paths.pipStage };
  s.reporter.info(`in place: requirements installed from the new tree staged in ${paths.pipStage}, before the code goes live`);
  // kept for the code upload, which sends the live tree from it (uploadCode removes it)
  d.staged = await stageTree(s.conn, req);
  try {
    await installRequirements(s.conn.exec, target, paths.venv, posix.join(d.staged.dir, target.app_root), s.reporter);
  } catch (e) {
    await removeStaged(d);
    throw e;
  }
}

/**
 * public_html: a snapshot first (the revert restores it), then the built frontend. The snapshot and
 * the frontend copies of earlier releases share public_html's inodes: a rebuilt file whose mode
 * alone changes gets its own inode first, or rsync would chmod theirs (sync/unshare.ts).
 */
export async function syncFrontend(d: PassengerDeploy, built: BuiltFrontend): Promise<void> {
  const fe = d.target.frontend!;
  const { conn } = d.s;
  await conn.exec.sh(snapshotScript(fe.public_html, d.paths.publicHtmlSnapshot));
  d.progress.reach('frontend');
  const dry = await runRsync(frontendRsyncArgs(conn, built.dist, fe, rsyncChmod(d.target.umask), { dryRun: true }), {
    ensureMaster: () => conn.ensureMaster(),
  });
  await unshareAttributeChanges(conn.exec, fe.public_html, beyondTimes(dry.itemized));
  await uploadFrontend(d.s.conn, built.dist, fe, rsyncChmod(d.target.umask), d.s.reporter, d.frontendRemovedTo);
}

/**
 * Points `current` at release `id` (releases layout) and restarts the app on it, newer than
 * `other`'s restart.txt, in one round trip (deploys, rollbacks and their undo).
 */
export async function switchAndRestart(d: Pick<PassengerDeploy, 's' | 'target' | 'paths'>, id: string, other?: string): Promise<void> {
  const { s, paths } = d;
  const switchScript = paths.releases ? switchCurrentScript(paths.layout, id) : undefined;
  const compare = other ? [paths.restartFileOf(paths.appRootOf(other))] : [];
  await restartApp(s.conn.exec, d.target, paths, paths.appRootOf(id), compare, s.reporter, switchScript);
  if (switchScript) s.reporter.info(`current → releases/${id}`);
}

/**
 * In-place: the code of release `id` back from its snapshot (the undo of a deploy or a rollback);
 * what was done. What the restore removed from the tree (kept in its trash) is said in the log and the run summary.
 * A file whose mode alone differs gets its own inode first: the other snapshots keep their modes (sync/unshare.ts).
 */
export async function restoreCodeSnapshot(d: Pick<PassengerDeploy, 's' | 'target'>, id: string): Promise<string> {
  const dry = await d.s.conn.exec.sh(codeRestoreDryRunScript(d.target, id));
  await unshareAttributeChanges(d.s.conn.exec, d.target.path, parseItemized(dry.stdout));
  const r = await d.s.conn.exec.sh(codeRestoreScript(d.target, id));
  const removed = removedOnHost(d.target.path, r.stdout, `the snapshot of ${shortSha(id)}`);
  if (removed) {
    d.s.reporter.info(removed);
    d.s.report.notes.push(removed);
  }
  return 'code restored from its snapshot';
}

/** The tail of the app's error log (Passenger/Apache), for a failed health check. */
function errorLogTail(d: Pick<PassengerDeploy, 's' | 'target'>): LogSource {
  const script = passengerLogsScript(passengerPaths(d.target).liveAppRoot, d.target.path, DIAGNOSIS_LINES);
  return { title: `error log (last ${DIAGNOSIS_LINES} lines)`, read: () => d.s.conn.exec.sh(script, { allowFailure: true }) };
}

export async function verifyHttp(d: Pick<PassengerDeploy, 's' | 'target'>): Promise<void> {
  const health = d.target.health;
  if (!health.url) {
    d.s.reporter.info('no health.url configured: nothing to check');
    return;
  }
  const check = () => waitForHttp(d.s.conn.exec, healthExpectation(health));
  await withLogsOnFailure(d.s, () => [errorLogTail(d)], check);
  d.s.reporter.info(`health: ${health.url} answered as expected`);
}
