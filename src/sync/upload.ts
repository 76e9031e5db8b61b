import type { Target } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { Reporter } from '../core/reporter.js';
import { exportTree } from './export-tree.js';
import { layoutOf, linkSharedInPlaceScript, linkSharedScript, sharedConflictsScript } from './layout.js';
import { rsyncChmod } from '../transport/modes.js';
import { syncRules } from './protection.js';
import { buildRsyncArgs } from './rsync.js';
import { runRsync, type RsyncStats } from './run-rsync.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';

export interface UploadRequest {
  repo: string;
  sha: string;
  /** release to hard-link unchanged files from (layout releases) */
  linkFrom?: string;
  /** the destination (uploadDestination) exists already: created with the in-progress record */
  made?: boolean;
  /** where and how: layout, shared paths, excludes, umask, what the sync must leave alone */
  target: Target;
}

/**
 * In place, refuses a shared entry present both in the tree and in <path>/shared. Deploys and
 * rollbacks call it before anything changes (the backup included); every in-place upload too.
 */
export async function refuseSharedConflicts(conn: HostConnection, target: Target): Promise<void> {
  const { shared } = target;
  if (target.layout !== 'in-place' || shared.length === 0) return;
  const layout = layoutOf(target.path);
  const both = (await conn.exec.sh(sharedConflictsScript(layout, shared))).stdout.split('\n').filter(Boolean);
  if (both.length === 0) return;
  const where = both.map((name) => `${layout.root}/${name} and ${layout.shared}/${name}`).join('; ');
  throw new UserError(
    `layout in-place: ${both.join(', ')} exist${both.length === 1 ? 's' : ''} both in the tree and in ${layout.shared} (${where}). The deploy will not choose which copy to lose: keep one of them (a copy in shared/ is linked into the tree) and deploy again. Nothing was changed.`,
  );
}

/** Where the tree of `sha` goes: releases/<sha>, or in place the root. */
export function uploadDestination(target: Target, sha: string): string {
  const layout = layoutOf(target.path);
  return target.layout === 'releases' ? layout.releaseDir(sha) : layout.root;
}

/**
 * Uploads the tree of `sha`: into releases/<sha> (hard-linked to the previous release, shared
 * paths linked in) or, in place, straight into the root, then links the shared paths kept in
 * <path>/shared where the tree has none. What syncRules protects is never deleted nor overwritten;
 * modes follow the target's umask (rsync --chmod), whatever the exported files carried.
 */
export async function uploadRelease(conn: HostConnection, req: UploadRequest, reporter: Reporter): Promise<RsyncStats> {
  const { target } = req;
  const layout = layoutOf(target.path);
  const releaseId = target.layout === 'releases' ? req.sha : undefined;
  await refuseSharedConflicts(conn, target);
  const tree = await exportTree(req.repo, req.sha);
  try {
    const dest = uploadDestination(target, req.sha);
    if (!req.made) await conn.exec.sh(`mkdir -p ${q(dest)}`);
    const rules = syncRules(target);
    const args = buildRsyncArgs({
      source: tree.dir,
      dest,
      remote: conn.remote,
      sshArgs: conn.sshArgs,
      linkDest: releaseId && req.linkFrom && req.linkFrom !== releaseId ? layout.releaseDir(req.linkFrom) : undefined,
      delete: true,
      // git archive stamps every file with the commit time: compare contents and do not keep
      // times, so unchanged files are hard-linked from the previous release instead of re-sent.
      checksum: true,
      times: false,
      chmod: rsyncChmod(target.umask),
      protect: rules.protect,
      excludes: rules.excludes,
    });
    const { stats } = await runRsync(args, { ensureMaster: () => conn.ensureMaster() });
    reporter.info(`rsync: ${stats.filesTransferred} files sent (${stats.totalBytesSent} bytes) of ${stats.totalFiles}`);
    if (target.shared.length > 0) {
      await conn.exec.sh(releaseId ? linkSharedScript(layout, releaseId, target.shared) : linkSharedInPlaceScript(layout, target.shared));
    }
    return stats;
  } finally {
    await tree.cleanup();
  }
}
