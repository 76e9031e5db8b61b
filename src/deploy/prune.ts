import type { Reporter } from '../core/reporter.js';
import { releasesToPrune, type DeployState } from '../record/state-model.js';
import type { Layout } from '../sync/layout.js';
import { shellJoin, shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';
import { imageRepository, releaseTag } from './images.js';

/** The `release-<sha12>` image tags of pruned releases (compose targets record images). */
export function prunedImageTags(state: DeployState, doomed: readonly string[]): string[] {
  const tags = state.releases
    .filter((r) => doomed.includes(r.id))
    .flatMap((r) => Object.values(r.images ?? {}).map((image) => `${imageRepository(image.name)}:${releaseTag(r.sha)}`));
  return [...new Set(tags)];
}

/**
 * Deletes release directories beyond `keep` (newest successful kept; the current one always kept)
 * and untags their retained images, so disk use stays bounded (an image still used by a container
 * or another tag stays). One round trip for the deletion.
 */
export async function pruneReleases(exec: Executor, layout: Layout, state: DeployState, keep: number, reporter: Reporter): Promise<string[]> {
  const r = await exec.sh(`if [ -d ${q(layout.releases)} ]; then ls -1 ${q(layout.releases)}; fi`);
  const existing = r.stdout.split('\n').filter((n) => /^[0-9a-f]{7,64}$/.test(n));
  const doomed = releasesToPrune(state, existing, keep);
  if (doomed.length === 0) return doomed;
  const tags = prunedImageTags(state, doomed);
  const untag = tags.length > 0 ? `\n${shellJoin(['docker', 'image', 'rm', ...tags])} >/dev/null 2>&1 || true` : '';
  await exec.sh(`rm -rf ${doomed.map((id) => q(layout.releaseDir(id))).join(' ')}${untag}`);
  reporter.info(`pruned releases: ${doomed.map((id) => id.slice(0, 12)).join(', ')}${tags.length ? ` (untagged ${tags.length} images)` : ''}`);
  return doomed;
}
