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

/** The line `putBackImagesScript` prints, with `replaced`, for each image a name pointed at before: `gd-replaced <id>`. */
const REPLACED = 'gd-replaced';

/**
 * Script (pure) pointing each service's image name back at its recorded image id, side by side: it
 * prints GONE for each service whose id is no longer on the host and exits 0. Undefined without images.
 * `replaced`: first, one `docker image inspect` prints REPLACED and the id each name points at (a
 * failed deploy's build, which the retag leaves without a name; a name missing prints nothing).
 */
export function putBackImagesScript(
  images: Record<string, ImageRecord>,
  services: readonly string[],
  replaced = false,
): string | undefined {
  const named = services.flatMap((service) => {
    const image = images[service];
    return image ? [{ service, image }] : [];
  });
  if (named.length === 0) return undefined;
  const tags = named.map(
    ({ service, image }) =>
      `${shellJoin(['docker', 'tag', image.id, image.name])} >/dev/null 2>&1 || echo ${shellJoin([`${GONE} ${service}`])}`,
  );
  const names = [...new Set(named.map(({ image }) => image.name))];
  const inspect = shellJoin(['docker', 'image', 'inspect', '--format', `${REPLACED} {{.Id}}`, ...names]);
  return [...(replaced ? [`${inspect} 2>/dev/null`] : []), sideBySideScript(tags)].join('\n');
}

/** The image ids putBackImagesScript's output says the names pointed at before its retag. */
export const replacedImages = (stdout: string): string[] => [
  ...new Set(stdout.split('\n').flatMap((l) => (l.startsWith(`${REPLACED} `) ? [l.slice(REPLACED.length + 1)] : []))),
];

/**
 * Points each service's image name back at a recorded image id, in one round trip (with `first`
 * in front of it when given: a rollback's switch of `current`). Returns the services whose image
 * no longer exists (they need a rebuild). `replaced` (an undo's): gets the ids the names pointed at before.
 */
export async function restoreImages(
  exec: Executor,
  images: Record<string, ImageRecord>,
  services: readonly string[],
  first?: FirstScript,
  replaced?: string[],
): Promise<string[]> {
  const script = putBackImagesScript(images, services, replaced !== undefined);
  if (script === undefined) {
    await first?.flush(exec);
    return [];
  }
  const r = await shAfterFirst(exec, script, first);
  if (r.code !== 0) throw new CommandError(script, r);
  replaced?.push(...replacedImages(r.stdout));
  const gone = r.stdout.split('\n');
  return services.filter((service) => gone.includes(`${GONE} ${service}`));
}
