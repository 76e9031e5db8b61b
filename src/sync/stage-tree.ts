/**
 * A throwaway copy of a commit's tree on the host, beside the live one: what must run on the new
 * files before they go live (in place, pip reads the new requirements and wheels there).
 */
import type { Target } from '../config/schema.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';
import { exportTree, type ExportedTree } from './export-tree.js';
import { layoutOf } from './layout.js';
import { uploadLeavesOut } from './left-out.js';
import { rsyncTree } from './tree-rsync.js';

/** Script (pure): `dir` removed, whatever it holds. */
export function removeStageScript(dir: string): string {
  return `rm -rf ${q(dir)}`;
}

/** A commit's tree staged on the host in `dir`, from `tree` exported on the runner; `remove` removes both. */
export interface StagedTree {
  dir: string;
  tree: ExportedTree;
  remove(): Promise<void>;
}

/**
 * The tree of `sha` in `dir` (made afresh; unchanged files hard-linked to the live root, so only
 * what changed is sent), with the upload's rules; the caller removes it (`remove`).
 */
export async function stageTree(
  conn: HostConnection,
  req: { repo: string; sha: string; target: Target; dir: string },
): Promise<StagedTree> {
  const tree = await exportTree(req.repo, req.sha, uploadLeavesOut(req.target));
  const remove = async (): Promise<void> => {
    await tree.cleanup();
    await conn.exec.sh(removeStageScript(req.dir), { allowFailure: true });
  };
  try {
    await conn.exec.sh(`${removeStageScript(req.dir)} && mkdir -p ${q(req.dir)}`);
    await rsyncTree(conn, req.target, tree.dir, req.dir, { linkDest: layoutOf(req.target.path).root, delete: true, checksum: true });
  } catch (e) {
    await remove();
    throw e;
  }
  return { dir: req.dir, tree, remove };
}
