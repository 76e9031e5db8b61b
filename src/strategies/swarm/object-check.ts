/** Runner: what swarm holds under the names of a release's configs/secrets, judged against the commit's files (objects.ts). */
import { createHash } from 'node:crypto';
import { readBlobObjects } from '../../git/blobs.js';
import type { ChangedFile, ComposeModel } from '../../plan/types.js';
import type { DeployRun } from '../types.js';
import { judgeObjects, parseHeldObjects, recordedSecrets, releaseObjects, swarmObjectsScript, type ObjectVerdict } from './objects.js';

/** The verdict, and the sha256 of each secret of the release by swarm name (what a successful run records). */
export interface ObjectCheck extends ObjectVerdict {
  secrets: Map<string, string>;
}

/** One round trip to the manager, only when the release's services use a config/secret with a `file:`. */
export async function checkObjects(
  base: DeployRun,
  model: ComposeModel,
  stack: string,
  changes: readonly ChangedFile[],
): Promise<ObjectCheck> {
  const services = Object.keys(model.services).sort();
  const objects = releaseObjects(model, stack, services);
  if (objects.length === 0) return { attach: [], conflicts: [], secrets: new Map() };
  const files = [...new Set(objects.map((o) => o.file))];
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
  const verdict = judgeObjects(objects, parseHeldObjects(out.stdout), hashes, changed, recordedSecrets(base.state.releases));
  const secrets = objects.flatMap((o) => (o.kind === 'secrets' && hashes.has(o.file) ? [[o.name, hashes.get(o.file)!] as const] : []));
  return { ...verdict, secrets: new Map(secrets) };
}
