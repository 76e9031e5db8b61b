/**
 * The release's images, read and tagged `release-<sha12>` while the health wait runs (one round trip
 * started, not awaited, after the last `up`), so the record only writes. Record takes the result
 * (currentImages on what was read); a failed run removes the tags it made, unless they are a
 * retained release's (a re-run of a recorded commit).
 */
import { currentImages, imageRepository, releaseTag } from '../../apply/images.js';
import { imageNameOf, isComposeV1 } from '../../apply/compose-naming.js';
import { parseReadAndTag, readAndTagScript, type ReleaseTagTarget } from '../../apply/release-tags.js';
import { pruneScript } from '../../sync/prune-releases.js';
import type { ComposeRun, EarlyTags } from './run.js';

const buildableOf = (d: ComposeRun) => Object.values(d.planned.input.composeTo.services).filter((sv) => sv.build);

/** Each buildable service's tag, from the image name compose gives it. */
function targetsOf(d: ComposeRun): ReleaseTagTarget[] {
  const v1 = isComposeV1(d.inv.command);
  return buildableOf(d).map((sv) => ({
    service: sv.name,
    tag: `${imageRepository(imageNameOf(sv, d.inv.project, v1))}:${releaseTag(d.sha)}`,
  }));
}

async function readAndTag(d: ComposeRun): Promise<EarlyTags | undefined> {
  const targets = targetsOf(d);
  const r = await d.s.conn.exec.sh(readAndTagScript(d.inv.project, targets), { allowFailure: true });
  if (r.code !== 0) return undefined;
  const out = parseReadAndTag(r.stdout);
  const images = await currentImages(
    d.s.conn.exec,
    d.inv,
    targets.map((t) => t.service),
    out.containers,
  );
  const tagged = targets.filter((t) => images[t.service] && `${imageRepository(images[t.service]!.name)}:${releaseTag(d.sha)}` === t.tag);
  const failed = out.tagFailed ? r.stderr.trim() || 'docker tag failed' : undefined;
  return { images, tags: [...new Set(targets.map((t) => t.tag))], tagged: tagged.map((t) => t.service), failed };
}

/** Starts the round trip once per run (compose deploys with buildable services); never rejects. */
export function startEarlyTags(d: ComposeRun): void {
  if (d.early || buildableOf(d).length === 0) return;
  d.early = readAndTag(d).catch(() => undefined);
}

/**
 * A failed run: the tags the early round trip made go (untagging never deletes an image a container
 * or another tag uses), unless the state already records this commit (its tags are that release's).
 */
export async function dropEarlyTags(d: ComposeRun): Promise<void> {
  const early = await d.early;
  if (!early || early.tags.length === 0 || d.state.releases.some((r) => r.id === d.sha && r.images)) return;
  await d.s.conn.exec.sh(pruneScript([], early.tags), { allowFailure: true }).catch(() => undefined);
}
