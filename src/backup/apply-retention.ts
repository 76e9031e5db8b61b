/** The executor side of a retention policy: list the backups dir, decide, delete (backup + sidecar). */
import type { Executor } from '../transport/types.js';
import { planPolicy, policyOf, type KeepSetting, type PolicyResult } from './policy.js';
import { deleteScript, listingScript, parseHostTime, parseListing } from './prune.js';
import type { RetentionOptions } from './retention.js';

/**
 * The "now" retention dates backups by (pure): the earlier of the runner's clock (which named the new
 * backup) and the host's. A runner clock ahead of the host's made its new backup the newest, and
 * `within` (or a calendar rule) measured from it pushed real backups out; by the host's clock that
 * backup is future-dated: kept, not counted. A host clock behind only keeps more.
 */
export function retentionNow(runner: Date | undefined, hostMs: number | undefined): Date | undefined {
  if (!runner || hostMs === undefined || hostMs >= runner.getTime()) return runner;
  return new Date(hostMs);
}

/** Applies `keep` (a number or a policy) to the target's verified backups in `dir`. */
export async function applyRetention(exec: Executor, dir: string, keep: KeepSetting, opts: RetentionOptions): Promise<PolicyResult> {
  const listing = await exec.sh(listingScript(dir));
  const now = retentionNow(opts.now, parseHostTime(listing.stdout));
  const result = planPolicy(parseListing(listing.stdout), policyOf(keep), { ...opts, now });
  if (result.deleted.length > 0) await exec.sh(deleteScript(dir, result.deleted));
  return result;
}
