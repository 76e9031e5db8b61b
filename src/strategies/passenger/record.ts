/** What a passenger release keeps besides its record (a frontend copy), and the pruning of release copies. */
import { pruneListingScript, pruneReleases } from '../../sync/prune-releases.js';
import type { DeployState, ReleaseRecord } from '../../record/state-model.js';
import type { Layout } from '../../sync/layout.js';
import { shortSha } from '../../core/text.js';
import type { PassengerDeploy } from './deploy-context.js';
import { dropFrontends, keepFrontend } from './frontend-copies.js';
import type { PassengerPaths } from './paths.js';

/** Where a passenger target keeps release copies: release directories, or in-place snapshots (named after the release they hold). */
function copies(paths: PassengerPaths): Layout {
  return paths.releases ? paths.layout : { ...paths.layout, releases: paths.snapshots, releaseDir: paths.snapshotOf };
}

/** The listing of the release copies the prune decides on (run in the record's round trip). */
export const copiesListing = (d: Pick<PassengerDeploy, 'paths'>): string => pruneListingScript(copies(d.paths));

/**
 * Prunes release copies outside the retained set, and the frontend copies of the pruned releases
 * (deploys and rollbacks); `listing`: what copiesListing printed, if it ran already.
 */
export async function pruneCopies(d: Pick<PassengerDeploy, 's' | 'paths' | 'target'>, state: DeployState, listing?: string): Promise<void> {
  const pruned = await pruneReleases(d.s, copies(d.paths), state, d.target.keep_releases, listing);
  if (d.target.frontend) await dropFrontends(d.s.conn.exec, d.paths, pruned.releases);
}

/** Keeps a copy of the live frontend for a later rollback to this release; a failure only warns. */
export async function keepReleaseFrontend(d: PassengerDeploy, release: ReleaseRecord): Promise<void> {
  const { s, paths } = d;
  const fe = d.target.frontend;
  if (!fe) return;
  await keepFrontend(s.conn.exec, paths, fe.public_html, release.id, s.reporter).catch((e: Error) =>
    s.reporter.warning(
      `could not keep a copy of the frontend of ${shortSha(release.id)} (a rollback to it will leave public_html as it is): ${e.message}`,
    ),
  );
}
