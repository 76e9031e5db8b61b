/** Runner: what swarm holds under the names of a release's configs/secrets, judged against the commit's files (objects.ts). */
import { createHash } from 'node:crypto';
import { readBlobObjects } from '../../git/blobs.js';
import type { ChangedFile, ComposeModel } from '../../plan/types.js';
import type { DeployRun } from '../types.js';
import { judgeObjects, parseHeldObjects, releaseObjects, swarmObjectsScript, type ObjectVerdict } from './objects.js';

/** One round trip to the manager, only when the release's services use a config/secret with a `file:`. */
export async function checkObjects(
  base: DeployRun,
  model: ComposeModel,
  stack: string,
  changes: readonly ChangedFile[],
): Promise<ObjectVerdict> {
  const services = Object.keys(model.services).sort();
  const objects = releaseObjects(model, stack, services);
  if (objects.length === 0) return { attach: [], conflicts: [] };
  const files = [...new Set(objects.filter((o) => o.kind === 'configs').map((o) => o.file))];
  const [out, blobs] = await Promise.all([
    base.s.conn.exec.sh(swarmObjectsScript(stack, services, objects)),
    readBlobObjects(
      base.s.settings.repo,
      files.map((path) => ({ sha: base.sha, path })),
    ),
  ]);
  const hashes = new Map(
    files.flatMap((f, i) => {
      const blob = blobs[i];
      return blob ? [[f, createHash('sha256').update(blob.content).digest('hex')] as const] : [];
    }),
  );
  const changed = new Set(changes.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]));
  return judgeObjects(objects, parseHeldObjects(out.stdout), hashes, changed);
}
