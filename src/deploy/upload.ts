import type { Reporter } from '../core/reporter.js';
import { exportTree } from '../sync/export-tree.js';
import { linkSharedScript, type Layout } from '../sync/layout.js';
import { buildRsyncArgs } from '../sync/rsync.js';
import { runRsync, type RsyncStats } from '../sync/run-rsync.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';

/** Never uploaded: VCS data. (Shared paths are protected separately.) */
export const DEFAULT_EXCLUDES = ['/.git/'];

/** In-place, the tool's own state (lock, state.json, audit log) and the backups share the root. */
export const IN_PLACE_PROTECTED = ['.deploy/', 'backups/'];

export interface UploadRequest {
  repo: string;
  sha: string;
  layout: Layout;
  /** releases layout: release id; in-place: undefined (sync straight into the root) */
  releaseId?: string;
  /** release to hard-link unchanged files from */
  linkFrom?: string;
  shared: string[];
  excludes: string[];
}

/**
 * Uploads the tree of `sha`: into releases/<id> (hard-linked to the previous release, shared paths
 * linked in) or, in-place, straight into the root. Shared paths are never deleted nor overwritten.
 */
export async function uploadRelease(conn: HostConnection, req: UploadRequest, reporter: Reporter): Promise<RsyncStats> {
  const tree = await exportTree(req.repo, req.sha);
  try {
    const dest = req.releaseId ? req.layout.releaseDir(req.releaseId) : req.layout.root;
    await conn.exec.sh(`mkdir -p ${q(dest)}`);
    const args = buildRsyncArgs({
      source: tree.dir,
      dest,
      remote: conn.remote,
      sshArgs: conn.sshArgs,
      linkDest: req.linkFrom && req.linkFrom !== req.releaseId ? req.layout.releaseDir(req.linkFrom) : undefined,
      delete: true,
      // git archive stamps every file with the commit time: compare contents and do not keep
      // times, so unchanged files are hard-linked from the previous release instead of re-sent.
      checksum: true,
      times: false,
      protect: req.releaseId ? req.shared : [...IN_PLACE_PROTECTED, ...req.shared],
      excludes: [...DEFAULT_EXCLUDES, ...req.excludes],
    });
    const { stats } = await runRsync(args, { ensureMaster: () => conn.ensureMaster() });
    reporter.info(`rsync: ${stats.filesTransferred} files sent (${stats.totalBytesSent} bytes) of ${stats.totalFiles}`);
    if (req.releaseId && req.shared.length > 0) await conn.exec.sh(linkSharedScript(req.layout, req.releaseId, req.shared));
    return stats;
  } finally {
    await tree.cleanup();
  }
}
