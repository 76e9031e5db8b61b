import type { Reporter } from '../core/reporter.js';
import { releasesToPrune, type DeployState } from '../record/state-model.js';
import type { Layout } from '../sync/layout.js';
import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';

/** Deletes release directories beyond `keep` (newest kept; the current one always kept). */
export async function pruneReleases(exec: Executor, layout: Layout, state: DeployState, keep: number, reporter: Reporter): Promise<string[]> {
  const r = await exec.sh(`if [ -d ${q(layout.releases)} ]; then ls -1 ${q(layout.releases)}; fi`);
  const existing = r.stdout.split('\n').filter((n) => /^[0-9a-f]{7,64}$/.test(n));
  const doomed = releasesToPrune(state, existing, keep);
  if (doomed.length > 0) await exec.sh(`rm -rf ${doomed.map((id) => q(layout.releaseDir(id))).join(' ')}`);
  if (doomed.length > 0) reporter.info(`pruned releases: ${doomed.map((id) => id.slice(0, 12)).join(', ')}`);
  return doomed;
}
