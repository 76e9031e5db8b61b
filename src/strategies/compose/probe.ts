/**
 * What a compose deploy reads from the host before its plan, alongside the state read: which
 * compose the host runs (compose-detect.ts, read once per connection and started before the lock)
 * and the in-progress record with the release `current` points to (in-progress.ts, under the lock);
 * a rollback also lists the release directories kept on the host (prune-releases.ts: is its
 * target's still there?). Each part is parsed where it was parsed before (prepare, the repair step,
 * the upload step), so errors stay where they were.
 */
import { hostComposeOutput } from '../../apply/compose-target.js';
import type { Session } from '../../session/session.js';
import { inspectHostScript } from '../../sync/in-progress.js';
import type { Layout } from '../../sync/layout.js';
import { layoutOf } from '../../sync/layout.js';
import { pruneListingScript } from '../../sync/prune-releases.js';
import { shellQuote as q } from '../../transport/quote.js';
import type { ExecResult } from '../../transport/types.js';

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

/** The host inspection; with `releases`, a separator line and the releases listing. Both parts exit 0. */
export function inspectionScript(layout: Layout, opts: { releases?: boolean } = {}): string {
  const listing = opts.releases ? [`echo ${q(RELEASES)}`, pruneListingScript(layout)] : [];
  return [inspectHostScript(layout), ...listing].join('\n');
}

/** Splits inspectionScript's output at the releases separator line (the last one: the inspection part is the host's text). */
export function parseInspectionOutput(stdout: string): Pick<ComposeProbe, 'inspect' | 'releases'> {
  const kept = `\n${stdout}`.lastIndexOf(`\n${RELEASES}\n`);
  if (kept < 0) return { inspect: stdout };
  return { inspect: stdout.slice(0, kept), releases: stdout.slice(kept + RELEASES.length + 1) };
}

/**
 * Both reads at once (the connection runs them side by side); the compose read may have been
 * started already (warmUpCompose). `sent`: the inspection already run (in the lock's round trip);
 * should it have failed, it is read again here, where its error is reported.
 */
export async function composeProbe(s: Session, opts: { releases?: boolean } = {}, sent?: ExecResult): Promise<ComposeProbe> {
  const { exec } = s.conn;
  const detecting = hostComposeOutput(exec, s.config, s.target.path);
  const inspected = sent?.code === 0 ? Promise.resolve(sent) : exec.sh(inspectionScript(layoutOf(s.target.path), opts));
  const [detect, out] = await Promise.all([detecting, inspected.then((r) => r.stdout)]);
  return { detect, ...parseInspectionOutput(out) };
}

/**
 * Starts the read of the host's compose: it only reads (and refreshes its own cache), so a run sends
 * it before taking the lock. It may answer before the lock's round trip has created .deploy (a first
 * deploy): it creates that directory itself for the cache (the lock does the same `mkdir -p`).
 */
export function warmUpCompose(s: Session): void {
  void hostComposeOutput(s.conn.exec, s.config, s.target.path, true);
}
