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
import { shortSha } from '../../core/text.js';
import { parseItemized, type ItemizedChange } from '../../sync/run-rsync.js';
import { ownInodesOutsideScript } from '../../sync/unshare.js';
import type { RevertOutcome } from '../types.js';
import type { PassengerDeploy } from './deploy-context.js';
import { publicHtmlKeep, restoreDryRunScript, restoreScript, snapshotScript } from './host-sync.js';

/** Shell (pure): the snapshot (when `snapshot`) then the unsharing of public_html, in one round trip. */
export function frontendBeforeTasksScript(publicHtml: string, protect: readonly string[], snapshot?: string): string {
  const own = `( ${ownInodesOutsideScript(publicHtml, protect)} ) || exit 1`;
  return snapshot ? `{\n${snapshotScript(publicHtml, snapshot)}\n} || exit 1\n${own}` : own;
}

/**
 * Runs frontendBeforeTasksScript for a target with a frontend. From then on a revert restores
 * public_html: mark `publicHtmlTasks` (the frontend step's own mark, `frontend`, when it ran).
 */
export async function frontendBeforeTasks(d: Pick<PassengerDeploy, 's' | 'target' | 'paths' | 'progress'>): Promise<void> {
  const fe = d.target.frontend;
  if (!fe) return;
  const snapshot = d.progress.has('frontend') ? undefined : d.paths.publicHtmlSnapshot;
  await d.s.conn.exec.sh(frontendBeforeTasksScript(fe.public_html, fe.protect, snapshot));
  d.progress.reach('publicHtmlTasks');
}

/** Whether itemized changes hold more than times: a transfer, a deletion, a mode (`.f..t......` alone is not). */
export const changedBeyondTimes = (items: readonly ItemizedChange[]): boolean =>
  items.some((i) => !i.flags.startsWith('.') || /[^.t]/.test(i.flags.slice(2)));

/**
 * The undo of a deploy that changed nothing but what its tasks may have written into public_html
 * (the code, the venv and `current` untouched: the previous release kept serving, no restart):
 * public_html back from its snapshot, when the restore's dry run shows a change beyond times.
 */
export async function undoTaskWrites(d: Pick<PassengerDeploy, 's' | 'target' | 'paths'>, previous: string): Promise<RevertOutcome> {
  const keeps = `aborted before the switch: ${shortSha(previous)} keeps serving`;
  const fe = d.target.frontend;
  if (!fe) return { rolledBack: false, description: keeps };
  const exec = d.s.conn.exec;
  const dry = await exec.sh(restoreDryRunScript(d.paths.publicHtmlSnapshot, fe.public_html, publicHtmlKeep(d.target)));
  if (!changedBeyondTimes(parseItemized(dry.stdout))) return { rolledBack: false, description: keeps };
  await exec.sh(restoreScript(d.paths.publicHtmlSnapshot, fe.public_html, publicHtmlKeep(d.target)));
  return { rolledBack: false, description: `${keeps}; public_html restored (the tasks had changed it)` };
}
