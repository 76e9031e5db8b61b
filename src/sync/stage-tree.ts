/**
 * A throwaway copy of a commit's tree on the host, beside the live one: what must run on the new
 * files before they go live (in place, pip reads the new requirements and wheels there).
 */
import type { Target } from '../config/schema.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';
import { exportTree } from './export-tree.js';
import { layoutOf } from './layout.js';
import { uploadLeavesOut } from './left-out.js';
import { rsyncTree } from './tree-rsync.js';

/** Script (pure): `dir` removed, whatever it holds. */
export function removeStageScript(dir: string): string {
  return `rm -rf ${q(dir)}`;
}

/**
 * The tree of `sha` in `dir` (made afresh; unchanged files hard-linked to the live root, so only
 * what changed is sent), with the upload's rules; `use(dir)` runs on it, then `dir` is removed.
 */
export async function withStagedTree<T>(
  conn: HostConnection,
  req: { repo: string; sha: string; target: Target; dir: string },
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const tree = await exportTree(req.repo, req.sha, uploadLeavesOut(req.target));
  try {
    await conn.exec.sh(`${removeStageScript(req.dir)} && mkdir -p ${q(req.dir)}`);
    await rsyncTree(conn, req.target, tree.dir, req.dir, { linkDest: layoutOf(req.target.path).root, delete: true, checksum: true });
    return await use(req.dir);
  } finally {
    await tree.cleanup();
    await conn.exec.sh(removeStageScript(req.dir), { allowFailure: true });
  }
}
