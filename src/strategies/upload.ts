/** The one upload request of a run: the tree of `sha` from the run's repository to its target. */
import type { Target } from '../config/schema.js';
import type { Session } from '../session/session.js';
import { uploadRelease, type UploadResult } from '../sync/upload.js';
import type { UploadFirst } from '../sync/upload-first.js';

/**
 * Uploads the tree of `sha` (hard-linked to release `linkFrom`'s directory in the releases layout);
 * `first`: run before anything the upload changes, in the same round trip (upload-first.ts). In
 * place, what the sync removed (kept in the trash) is said in the run summary too. `ownInodes`:
 * tasks will run in the tree, its files get inodes of their own (sync/upload.ts).
 */
export async function uploadTree(
  s: Pick<Session, 'conn' | 'settings' | 'reporter' | 'report'>,
  target: Target,
  sha: string,
  linkFrom?: string,
  first?: UploadFirst,
  ownInodes = false,
): Promise<UploadResult> {
  const up = await uploadRelease(s.conn, { repo: s.settings.repo, sha, linkFrom, target, first, ownInodes }, s.reporter);
  if (up.removed) s.report.notes.push(up.removed);
  return up;
}
