/**
 * A rollback over several hosts (pure): one target release for every host, resolved on the primary
 * (`previous`, a release id or a sha) and checked against every host's state before anything
 * changes, plus the directory each host must still keep for it.
 */
import type { Target } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { shortSha } from '../core/text.js';
import type { HostState } from '../record/oldest-release.js';
import { currentRelease, wentLive, type ReleaseRecord } from '../record/state-model.js';
import { layoutOf } from '../sync/layout.js';
import { passengerPaths } from '../strategies/passenger/paths.js';
import { resolveRollbackTarget } from './choose.js';

export interface FleetRollback {
  /** the release every host runs now */
  current: ReleaseRecord;
  /** the release every host goes back to */
  target: ReleaseRecord;
}

/**
 * The one target of a rollback over `hosts` (primary first). Refuses (UserError, naming the hosts)
 * when the hosts do not all run the same release, or when a host has no successful record of the
 * target (never deployed there, or failed there).
 */
export function fleetRollbackTarget(hosts: HostState[], spec?: string): FleetRollback {
  const [primary] = hosts;
  const { current, target } = resolveRollbackTarget(primary!.state, spec);
  const live = hosts.map((h) => ({ host: h.host, id: currentRelease(h.state)?.id }));
  if (live.some((l) => l.id !== current.id)) {
    const each = live.map((l) => `${l.host} runs ${l.id ? shortSha(l.id) : 'nothing'}`).join(', ');
    throw new UserError(
      `rollback: the hosts disagree on the live release (${each}); a rollback goes from one release to one release on every host. To put every host on ${shortSha(target.id)}, the release this rollback would go back to, deploy it: gitops-deploy deploy --to ${target.sha} (a rolling deploy converges hosts on different releases); nothing was changed`,
    );
  }
  const lacking = hosts.filter((h) => !h.state.releases.some((r) => r.id === target.id && wentLive(r))).map((h) => h.host);
  if (lacking.length > 0)
    throw new UserError(
      `rollback: ${shortSha(target.id)} never went live on ${lacking.join(', ')} (no successful record in its state); nothing was changed`,
    );
  return { current, target };
}

/** Where a host keeps a release for rollback (releases: its directory; passenger in place: its snapshot); none: compose in place (synced again from git). */
export function retainedDirOf(target: Target, id: string): string | undefined {
  if (target.layout === 'releases') return layoutOf(target.path).releaseDir(id);
  return target.strategy === 'passenger' ? passengerPaths(target).snapshotOf(id) : undefined;
}

/** The refusal when hosts no longer keep the target release (pruned by keep_releases). */
export function prunedRefusal(target: ReleaseRecord, pruned: { host: string; dir: string }[]): UserError {
  const where = pruned.map((p) => `${p.host} (${p.dir})`).join(', ');
  return new UserError(
    `rollback: ${shortSha(target.id)} is no longer kept on ${where}: pruned by keep_releases. A rollback over several hosts only uses releases every host keeps; nothing was changed. Redeploy it instead: command: deploy, to: ${target.sha}`,
  );
}
