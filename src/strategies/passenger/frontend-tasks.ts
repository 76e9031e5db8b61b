/**
 * public_html before the user tasks. A task may write into the web root (Django's STATIC_ROOT in
 * public_html: a collectstatic, a `cp` of built assets), and a write over an existing file goes into
 * its inode, which public_html shares with the frontend copies kept for rollbacks and with the
 * snapshot the undo restores (hard links): the task would change what an earlier release's copy
 * holds, and a failed deploy's undo would not bring the old files back. So, before the tasks:
 * public_html is snapshotted for the undo (unless the frontend step did it this run), and each of
 * its files outside `protect` gets an inode of its own (the protected paths, uploads, are never
 * restored from a copy: they stay shared, no data copied).
 */
import { ownInodesOutsideScript } from '../../sync/unshare.js';
import type { PassengerDeploy } from './deploy-context.js';
import { snapshotScript } from './host-sync.js';

/** Shell (pure): the snapshot (when `snapshot`) then the unsharing of public_html, in one round trip. */
export function frontendBeforeTasksScript(publicHtml: string, protect: readonly string[], snapshot?: string): string {
  const own = `( ${ownInodesOutsideScript(publicHtml, protect)} ) || exit 1`;
  return snapshot ? `{\n${snapshotScript(publicHtml, snapshot)}\n} || exit 1\n${own}` : own;
}

/** Runs frontendBeforeTasksScript for a target with a frontend; from then on a revert restores public_html. */
export async function frontendBeforeTasks(d: Pick<PassengerDeploy, 's' | 'target' | 'paths' | 'progress'>): Promise<void> {
  const fe = d.target.frontend;
  if (!fe) return;
  const snapshot = d.progress.has('frontend') ? undefined : d.paths.publicHtmlSnapshot;
  await d.s.conn.exec.sh(frontendBeforeTasksScript(fe.public_html, fe.protect, snapshot));
  d.progress.reach('frontend');
}
