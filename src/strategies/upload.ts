/** The one upload request of a run: the tree of `sha` from the run's repository to its target. */
import type { Target } from '../config/schema.js';
import type { Session } from '../session/session.js';
import { uploadRelease } from '../sync/upload.js';

/**
 * Uploads the tree of `sha` (hard-linked to release `linkFrom`'s directory in the releases layout);
 * `made`: its destination was created already (with the in-progress record).
 */
export function uploadTree(
  s: Pick<Session, 'conn' | 'settings' | 'reporter'>,
  target: Target,
  sha: string,
  linkFrom?: string,
  made = false,
): Promise<unknown> {
  return uploadRelease(s.conn, { repo: s.settings.repo, sha, linkFrom, target, made }, s.reporter);
}
