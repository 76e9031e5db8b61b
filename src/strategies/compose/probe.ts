/**
 * What a compose deploy reads from the host before its plan, in one round trip that runs alongside
 * the state read: which compose the host runs (compose-detect.ts) and the in-progress record with
 * the release `current` points to (in-progress.ts); a rollback also lists the release directories
 * kept on the host (prune-releases.ts: is its target's still there?). Pure script text and its
 * splitting; each part is parsed where it was parsed before (prepare, the repair step, the upload
 * step), so errors stay where they were.
 */
import { hostComposeScript } from '../../apply/compose-target.js';
import type { Config } from '../../config/schema.js';
import { inspectHostScript } from '../../sync/in-progress.js';
import type { Layout } from '../../sync/layout.js';
import { pruneListingScript } from '../../sync/prune-releases.js';
import { shellQuote as q } from '../../transport/quote.js';

const MARK = '--- host inspection ---';
const RELEASES = '--- kept releases ---';

/**
 * The raw outputs of the reads: `detect` for parseHostCompose, `inspect` for parseInspection,
 * `releases` (with `releases: true`) for parsePruneListing.
 */
export type ComposeProbe = {
  detect: string;
  inspect: string;
  releases?: string;
};

/** The compose probe, a separator line, then the host inspection; with `releases`, a separator line and the releases listing. All parts exit 0. */
export function composeProbeScript(config: Config, layout: Layout, opts: { releases?: boolean } = {}): string {
  const listing = opts.releases ? [`echo ${q(RELEASES)}`, pruneListingScript(layout)] : [];
  return [hostComposeScript(config), `echo ${q(MARK)}`, inspectHostScript(layout), ...listing].join('\n');
}

/** Splits the output at the separator lines (without the first, e.g. a cut connection: an error). */
export function parseComposeProbe(stdout: string): ComposeProbe {
  const text = `\n${stdout}`;
  const at = text.indexOf(`\n${MARK}\n`);
  if (at < 0) throw new Error(`unexpected host probe output: ${JSON.stringify(stdout.slice(0, 80))}`);
  const rest = text.slice(at + MARK.length + 2);
  const kept = `\n${rest}`.lastIndexOf(`\n${RELEASES}\n`);
  const detect = text.slice(1, at + 1);
  if (kept < 0) return { detect, inspect: rest };
  return { detect, inspect: rest.slice(0, kept), releases: rest.slice(kept + RELEASES.length + 1) };
}
