/** The rollback target's files on the host: the kept release directory, or uploaded again from git. */
import { phase, type Session } from '../session/session.js';
import type { Target } from '../config/schema.js';
import { uploadTree } from '../strategies/upload.js';
import type { ReleaseRecord } from '../record/state-model.js';
import type { Layout } from '../sync/layout.js';
import { shellQuote as q } from '../transport/quote.js';
import { shortSha } from '../core/text.js';

/**
 * Releases layout: the target's directory when it is still kept; when it was pruned, it is uploaded
 * again from the repository (saying so). In-place: the target's tree is synced into the root.
 * `kept`: the release directories on the host, as listed under the same lock (else `test -d` now).
 * Returns true when files were uploaded.
 */
export async function ensureReleaseFiles(
  s: Session,
  target: Target,
  layout: Layout,
  to: ReleaseRecord,
  from: ReleaseRecord,
  kept?: readonly string[],
): Promise<boolean> {
  const releases = target.layout === 'releases';
  if (releases) {
    const there = kept
      ? kept.includes(to.id)
      : (await s.conn.exec.sh(`test -d ${q(layout.releaseDir(to.id))}`, { allowFailure: true })).code === 0;
    if (there) return false;
    s.reporter.warning(`release directory of ${shortSha(to.id)} was pruned: uploading its files again from the repository`);
  }
  await phase(s, 'Upload', () => uploadTree(s, target, to.sha, from.id));
  return true;
}
