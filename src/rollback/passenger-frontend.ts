/**
 * public_html in a passenger rollback: restored from the copy of the target release's frontend kept
 * by its deploy (or, for a release deployed before those copies, from the snapshot the deploy of
 * the undone release took, when it holds the target's frontend), after a copy of the live one for
 * the undo.
 */
import { shortSha } from '../core/text.js';
import type { Session } from '../session/session.js';
import type { PassengerTarget } from '../config/schema.js';
import { frontendSourceDiffScript, frontendSourceScript } from '../strategies/passenger/frontend-copies.js';
import { changedBeyondTimes } from '../strategies/passenger/frontend-tasks.js';
import { publicHtmlKeep, snapshotScript } from '../strategies/passenger/host-sync.js';
import { linkedRestoreDryRunScript, linkedRestoreScript } from '../strategies/passenger/linked-restore.js';
import { parseItemized } from '../sync/run-rsync.js';
import { beyondTimes, unshareAttributeChanges } from '../sync/unshare.js';
import type { PassengerPaths } from '../strategies/passenger/paths.js';
import type { DeployState, ReleaseRecord } from '../record/state-model.js';
import { shellQuote as q } from '../transport/quote.js';
import { removedOnHost } from '../sync/trash.js';
import type { PassengerRollback } from './types.js';
import { frontendSnapshotHolds } from './passenger-steps.js';

/** Copy of public_html as it was before the rollback restored the target's frontend (for the undo). */
const undoCopyOf = (target: PassengerTarget): string => `${target.path}/.deploy/public_html.rollback`;

/** Where `to`'s frontend is kept, and what restoring public_html from there would change. */
export interface FrontendSource {
  /** the host directory holding `to`'s frontend; undefined when none is kept */
  from?: string;
  /** paths of public_html a restore from `from` would change beyond times (a task's output since) */
  differs: string[];
}

/**
 * Where `to`'s frontend is kept and, when `diff` (needsFrontendDiff), what differs from it in
 * public_html (one round trip). The dry run reads every file of both trees (--checksum): skipped
 * when the frontend files differ, since public_html is restored then whatever it shows.
 */
export async function frontendSource(
  s: Session,
  target: PassengerTarget,
  paths: PassengerPaths,
  run: { state: DeployState; current: ReleaseRecord; to: ReleaseRecord; diff: boolean },
): Promise<FrontendSource> {
  const { state, current, to } = run;
  const snapshot = frontendSnapshotHolds(state, current, to) ? paths.publicHtmlSnapshot : undefined;
  const publicHtml = target.frontend!.public_html;
  const copy = paths.frontendOf(to.id);
  const script = run.diff
    ? frontendSourceDiffScript(copy, publicHtml, publicHtmlKeep(target), snapshot)
    : frontendSourceScript(copy, snapshot);
  const [found, ...dry] = (await s.conn.exec.sh(script)).stdout.split('\n');
  const from = found === 'copy' ? copy : found === 'snapshot' ? snapshot : undefined;
  const differs = parseItemized(dry.join('\n')).filter((i) => changedBeyondTimes([i]));
  return { from, differs: from ? differs.map((i) => i.path) : [] };
}

/**
 * Copies the live public_html aside, then restores the target's frontend from where it is kept.
 * What the restore deletes or replaces (the newer frontend's files, and a file put there since the
 * last deploy that `protect` does not name) is moved to <path>/.deploy/trash/public_html-<target>,
 * not destroyed: the copy for the undo is dropped once the rollback succeeds. The dry run and the
 * restore read only the files public_html does not share with the source (linked-restore.ts).
 */
export async function restoreFrontend(r: PassengerRollback): Promise<void> {
  const fe = r.target.frontend;
  const from = r.steps.frontend?.from;
  if (!fe || !from) return;
  const exec = r.s.conn.exec;
  await exec.sh(snapshotScript(fe.public_html, undoCopyOf(r.target)));
  r.progress.reach('frontend');
  // public_html shares its inodes with the frontend copy of the release rolled back from: a file
  // whose mode alone differs gets its own inode first, or the restore would chmod that copy's
  const dry = await exec.sh(linkedRestoreDryRunScript(from, fe.public_html, publicHtmlKeep(r.target)));
  await unshareAttributeChanges(exec, fe.public_html, beyondTimes(parseItemized(dry.stdout)));
  const trash = { root: r.target.path, id: `public_html-${r.to.id}`, keep: r.target.keep_releases };
  const out = await exec.sh(linkedRestoreScript(from, fe.public_html, { ...publicHtmlKeep(r.target), trash }));
  r.s.reporter.info(`public_html: ${shortSha(r.to.id)}'s frontend restored from ${from} (${fe.protect.length} protected)`);
  const removed = removedOnHost(fe.public_html, out.stdout, `${shortSha(r.to.id)}'s frontend`);
  if (removed) {
    r.s.reporter.info(removed);
    r.s.report.notes.push(removed);
  }
}

/** Puts the copy taken before the restore back; undefined when public_html was not touched. */
export async function undoFrontend(r: PassengerRollback): Promise<string | undefined> {
  const fe = r.target.frontend;
  if (!fe || !r.progress.has('frontend')) return undefined;
  await r.s.conn.exec.sh(linkedRestoreScript(undoCopyOf(r.target), fe.public_html, publicHtmlKeep(r.target)));
  return 'public_html restored';
}

/** Removes the undo copy once the rollback is recorded. */
export async function dropFrontendCopy(r: PassengerRollback): Promise<void> {
  if (r.progress.has('frontend')) await r.s.conn.exec.sh(`rm -rf ${q(undoCopyOf(r.target))}`);
}
