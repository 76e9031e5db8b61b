/** doctor: files a compose service wrote into the live release's directory (layout releases; sync/written-since.ts). */
import { gitAt } from '../git/run.js';
import { listTree } from '../git/tree.js';
import type { ReleaseRecord } from '../record/state-model.js';
import type { Session } from '../session/session.js';
import { layoutOf } from '../sync/layout.js';
import { writtenNotCommitted, writtenSinceUploadScript, writtenSinceWarning } from '../sync/written-since.js';
import type { DoctorCheck } from './doctor-checks.js';

/** A warning naming the files of the live release written after its upload that its commit does not have; null when none (or not applicable). */
export async function releaseWritesCheck(s: Session, live: ReleaseRecord | undefined): Promise<DoctorCheck | null> {
  if (s.target.strategy !== 'compose' || s.target.layout !== 'releases' || !live) return null;
  const layout = layoutOf(s.target.path);
  const out = (await s.conn.exec.sh(writtenSinceUploadScript(layout, live.id), { allowFailure: true })).stdout;
  if (out === '') return null;
  const files = writtenNotCommitted(out, await listTree(gitAt(s.settings.repo), live.sha).catch(() => []));
  if (files.length === 0) return null;
  return {
    check: 'release writes',
    status: 'warn',
    detail: writtenSinceWarning(layout, live.id, files),
    fix: `add the directory to targets.${s.targetName}.shared, move its files into ${layout.shared}/, and deploy`,
  };
}
