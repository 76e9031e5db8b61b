/** The executor side of a retention policy: list the backups dir, decide, delete (backup + sidecar). */
import type { Executor } from '../transport/types.js';
import { planPolicy, policyOf, type KeepSetting, type PolicyResult } from './policy.js';
import { deleteScript, listingScript, parseListing } from './prune.js';
import type { RetentionOptions } from './retention.js';

/** Applies `keep` (a number or a policy) to the target's verified backups in `dir`. */
export async function applyRetention(exec: Executor, dir: string, keep: KeepSetting, opts: RetentionOptions): Promise<PolicyResult> {
  const listing = await exec.sh(listingScript(dir));
  const result = planPolicy(parseListing(listing.stdout), policyOf(keep), opts);
  if (result.deleted.length > 0) await exec.sh(deleteScript(dir, result.deleted));
  return result;
}
