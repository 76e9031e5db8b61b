import type { ComposeInvocation } from './compose-command.js';
import { projectContainers, type ContainerInfo } from './project-containers.js';
import { shellJoin } from '../transport/quote.js';
import { sideBySideScript } from '../transport/side-by-side.js';
import type { ImageRecord } from '../record/state-model.js';
import { CommandError, type Executor } from '../transport/types.js';
import { shAfterFirst, type FirstScript } from './first-script.js';
import { shortSha } from '../core/text.js';

/** `repo:tag` or `repo@digest` → `repo` (a registry port like host:5000/x is not a tag). */
export function imageRepository(name: string): string {
  const at = name.indexOf('@');
  if (at >= 0) return imageRepository(name.slice(0, at));
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(0, colon) : name;
}

export const releaseTag = (sha: string): string => `release-${shortSha(sha)}`;

/**
 * Image name and id of each service's container (services without a container are skipped), one
 * round trip; none with `seen` (the project's containers as just read, e.g. by the health check).
 */
export async function currentImages(
  exec: Executor,
  inv: ComposeInvocation,
  services: readonly string[],
  seen?: readonly ContainerInfo[],
): Promise<Record<string, ImageRecord>> {
  const images: Record<string, ImageRecord> = {};
  for (const c of seen ?? (await projectContainers(exec, inv.project))) {
    if (services.includes(c.service) && c.image && c.imageId) images[c.service] ??= { name: c.image, id: c.imageId };
  }
  return images;
}

/** Script (pure) tagging each image with the release so it survives later builds (rollbacks need no rebuild); undefined without images. The tags run side by side. */
export function tagReleaseScript(images: Record<string, ImageRecord>, sha: string): string | undefined {
  const tags = Object.values(images).map((image) =>
    shellJoin(['docker', 'tag', image.id, `${imageRepository(image.name)}:${releaseTag(sha)}`]),
  );
  return tags.length > 0 ? sideBySideScript(tags) : undefined;
}

/** The line `putBackImagesScript` prints for a service whose recorded image id is gone: `gd-gone <service>`. */
const GONE = 'gd-gone';

/**
 * Script (pure) pointing each service's image name back at its recorded image id, side by side: it
 * prints GONE for each service whose id is no longer on the host and exits 0. Undefined without images.
 */
export function putBackImagesScript(images: Record<string, ImageRecord>, services: readonly string[]): string | undefined {
  const tags = services.flatMap((service) => {
    const image = images[service];
    const tag = image && shellJoin(['docker', 'tag', image.id, image.name]);
    return tag ? [`${tag} >/dev/null 2>&1 || echo ${shellJoin([`${GONE} ${service}`])}`] : [];
  });
  return tags.length > 0 ? sideBySideScript(tags) : undefined;
}

/**
 * Points each service's image name back at a recorded image id, in one round trip (with `first`
 * in front of it when given: a rollback's switch of `current`). Returns the services whose image
 * no longer exists (they need a rebuild).
 */
export async function restoreImages(
  exec: Executor,
  images: Record<string, ImageRecord>,
  services: readonly string[],
  first?: FirstScript,
): Promise<string[]> {
  const script = putBackImagesScript(images, services);
  if (script === undefined) {
    await first?.flush(exec);
    return [];
  }
  const r = await shAfterFirst(exec, script, first);
  if (r.code !== 0) throw new CommandError(script, r);
  const gone = r.stdout.split('\n');
  return services.filter((service) => gone.includes(`${GONE} ${service}`));
}
