import { projectContainersArgs, type ComposeInvocation } from '../apply/compose-command.js';
import type { ImageRecord } from '../record/state-model.js';
import type { Executor } from '../transport/types.js';

/** `repo:tag` or `repo@digest` → `repo` (a registry port like host:5000/x is not a tag). */
export function imageRepository(name: string): string {
  const at = name.indexOf('@');
  if (at >= 0) return imageRepository(name.slice(0, at));
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(0, colon) : name;
}

export const releaseTag = (sha: string): string => `release-${sha.slice(0, 12)}`;

/** Image name and id of each service's container (services without a container are skipped). */
export async function currentImages(exec: Executor, inv: ComposeInvocation, services: readonly string[]): Promise<Record<string, ImageRecord>> {
  const images: Record<string, ImageRecord> = {};
  for (const service of services) {
    const id = (await exec.run(projectContainersArgs(inv.project, service))).stdout.split('\n').find(Boolean);
    if (!id) continue;
    const out = (await exec.run(['docker', 'inspect', '--format', '{{.Config.Image}} {{.Image}}', id])).stdout.trim();
    const [name, imageId] = out.split(' ');
    if (name && imageId) images[service] = { name, id: imageId };
  }
  return images;
}

/** Tags each image with the release so it survives later builds (rollbacks need no rebuild). */
export async function tagRelease(exec: Executor, images: Record<string, ImageRecord>, sha: string): Promise<void> {
  for (const image of Object.values(images)) {
    await exec.run(['docker', 'tag', image.id, `${imageRepository(image.name)}:${releaseTag(sha)}`]);
  }
}

/**
 * Points each service's image name back at a recorded image id. Returns the services whose image
 * no longer exists (they need a rebuild).
 */
export async function restoreImages(exec: Executor, images: Record<string, ImageRecord>, services: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const service of services) {
    const image = images[service];
    if (!image) continue;
    const r = await exec.run(['docker', 'tag', image.id, image.name], { allowFailure: true });
    if (r.code !== 0) missing.push(service);
  }
  return missing;
}
