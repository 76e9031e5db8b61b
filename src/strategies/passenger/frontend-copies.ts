/**
 * The frontend of each release, kept for rollbacks. Once a deploy succeeds, public_html (what that
 * release serves, whether its deploy synced the frontend or the files were unchanged) is copied to
 * <path>/.deploy/frontend/<release> as hard links: no data is duplicated, since rsync replaces a
 * changed file instead of rewriting it. A copy is deleted when its release directory (in-place: its
 * code snapshot) is pruned.
 */
import { shortSha } from '../../core/text.js';
import type { Reporter } from '../../core/reporter.js';
import { shellQuote as q } from '../../transport/quote.js';
import type { Executor } from '../../transport/types.js';
import { snapshotScript } from './host-sync.js';
import { linkedRestoreDryRunScript, type LinkedKeep } from './linked-restore.js';
import type { PassengerPaths } from './paths.js';

/** Copies public_html as the frontend of release `id` (replacing an older copy). */
export async function keepFrontend(
  exec: Executor,
  paths: PassengerPaths,
  publicHtml: string,
  id: string,
  reporter: Reporter,
): Promise<void> {
  await exec.sh(snapshotScript(publicHtml, paths.frontendOf(id)));
  reporter.info(`frontend of ${shortSha(id)} kept for rollbacks: ${paths.frontendOf(id)}`);
}

/** Deletes the copies of releases whose directory (or in-place snapshot) was just pruned. */
export async function dropFrontends(exec: Executor, paths: PassengerPaths, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await exec.sh(`rm -rf ${ids.map((id) => q(paths.frontendOf(id))).join(' ')}`);
}

/**
 * Prints where the frontend of a release can be restored from: its copy (`copy`), else the
 * public_html snapshot when the caller knows it holds that frontend (`snapshot`), else nothing.
 */
export function frontendSourceScript(copy: string, snapshot?: string): string {
  const fallback = snapshot ? `elif [ -d ${q(snapshot)} ]; then echo snapshot; ` : '';
  return `if [ -d ${q(copy)} ]; then echo copy; ${fallback}fi`;
}

/**
 * frontendSourceScript's line, then what restoring `publicHtml` from that source would change
 * (linkedRestoreDryRunScript's itemized lines: the files public_html shares with the source are not
 * read), in the same round trip. A failing dry run prints what it saw and does not fail the script:
 * the caller then decides as without it.
 */
export function frontendSourceDiffScript(copy: string, publicHtml: string, keep: LinkedKeep, snapshot?: string): string {
  const dry = (from: string): string => `{ ${linkedRestoreDryRunScript(from, publicHtml, keep)}; } || true`;
  const fromSnapshot = snapshot ? `\n  snapshot) ${dry(snapshot)} ;;` : '';
  return `found=$(${frontendSourceScript(copy, snapshot)})\necho "$found"\ncase $found in\n  copy) ${dry(copy)} ;;${fromSnapshot}\nesac`;
}
