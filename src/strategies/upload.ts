/** The one upload request of a run: the tree of `sha` from the run's repository to its target. */
import type { Target } from '../config/schema.js';
import type { Session } from '../session/session.js';
import { uploadRelease, type UploadResult } from '../sync/upload.js';
import type { UploadFirst } from '../sync/upload-first.js';
import type { StagedTree } from '../sync/stage-tree.js';

/**
 * Uploads the tree of `sha` (hard-linked to release `linkFrom`'s directory in the releases layout);
 * `first`: run before anything the upload changes, in the same round trip (upload-first.ts). In
 * place, what the sync removed (kept in the trash) is said in the run summary too. `ownInodes`:
 * tasks will run in the tree, its files get inodes of their own (sync/upload.ts). `staged`: in place,
 * the tree already exported and staged on the host (sync/upload.ts), removed by its owner.
 */
export async function uploadTree(
  s: Pick<Session, 'conn' | 'settings' | 'reporter' | 'report'>,
  target: Target,
  sha: string,
  linkFrom?: string,
  first?: UploadFirst,
  ownInodes = false,
  staged?: Pick<StagedTree, 'tree' | 'dir'>,
): Promise<UploadResult> {
  const up = await uploadRelease(s.conn, { repo: s.settings.repo, sha, linkFrom, target, first, ownInodes, staged }, s.reporter);
  if (up.removed) s.report.notes.push(up.removed);
  return up;
}
