/**
 * Release pruning on the host, the same for every strategy: release directories (or in-place
 * snapshots) outside the retained set (record/release-retention.ts) are deleted and their
 * `release-<sha12>` image tags removed; compose targets also remove their project's dangling images
 * and the dangling ones a failed deploy's undo took the names from (its build, which nothing names); what went is said in the log and the run summary.
 */
import type { Session } from '../session/session.js';
import { releasesToPrune, unrecordedReleases } from '../record/release-retention.js';
import { RELEASE_ID } from '../record/state-check.js';
import type { DeployState } from '../record/state-model.js';
import type { Layout } from './layout.js';
import { manifestPath } from './manifest-script.js';
import { shellJoin, shellQuote as q } from '../transport/quote.js';
import { imageRepository, releaseTag } from '../apply/images.js';
import { shortSha } from '../core/text.js';

const LIVE_MARK = '@live ';
/** A listing line naming a release a running service still uses (mountedReleasesScript). */
export const MOUNTED_MARK = '@mounted ';

/**
 * The `release-<sha12>` image tags of pruned releases (compose targets record images), and the
 * registry references they pulled under their own tag (`build:`; a reference a release carried over
 * from an older one goes with that one). Untagging never deletes an image a container or tag still uses.
 */
export function prunedImageTags(state: DeployState, doomed: readonly string[]): string[] {
  const tagsOf = (r: DeployState['releases'][number]): string[] =>
    Object.values(r.images ?? {}).flatMap((image) => [
      `${imageRepository(image.name)}:${releaseTag(r.sha)}`,
      ...(image.ref?.endsWith(`:${releaseTag(r.sha)}`) ? [image.ref] : []),
    ]);
  const tags = state.releases.filter((r) => doomed.includes(r.id)).flatMap(tagsOf);
  return [...new Set(tags)];
}

/** Lists the release directories, then `@live <target of the current link>` (empty without one). */
export function pruneListingScript(layout: Layout): string {
  return `if [ -d ${q(layout.releases)} ]; then ls -1 ${q(layout.releases)}; fi
printf '${LIVE_MARK}%s\\n' "$(readlink ${q(layout.current)} 2>/dev/null)"`;
}

/**
 * Release ids listed, the release the `current` link points at, and (`mounted`, absent when none) the
 * releases a `@mounted` line names: none of them is ever deleted, whatever the state says.
 */
export function parsePruneListing(stdout: string): { existing: string[]; live?: string; mounted?: string[] } {
  const lines = stdout.split('\n');
  const link = lines
    .find((l) => l.startsWith(LIVE_MARK))
    ?.slice(LIVE_MARK.length)
    .replace(/\/+$/, '');
  const live = link ? link.split('/').pop() : undefined;
  const mounted = [...new Set(lines.filter((l) => l.startsWith(MOUNTED_MARK)).map((l) => l.slice(MOUNTED_MARK.length)))];
  const ids = mounted.filter((id) => RELEASE_ID.test(id));
  return { existing: lines.filter((n) => RELEASE_ID.test(n)), live: live || undefined, ...(ids.length > 0 ? { mounted: ids } : {}) };
}

/**
 * Deletes the directories (and files) while one `docker image rm` removes the tags (one docker
 * start, not one per tag), printing what docker untagged. A tag already gone, or whose image a
 * container still uses as its only name, stays: docker names only what it untagged. Always exits 0.
 */
export function pruneScript(dirs: readonly string[], tags: readonly string[], dangling: DanglingImages = {}): string {
  const rm = dirs.length > 0 ? [`rm -rf ${dirs.map(q).join(' ')} &`] : [];
  const untag = tags.length > 0 ? [`${shellJoin(['docker', 'image', 'rm', ...tags])} 2>/dev/null | sed -n 's/^Untagged: //p'`] : [];
  const labelled = dangling.project === undefined ? [] : [danglingImagesScript(dangling.project)];
  const replaced = dangling.replaced?.length ? [replacedImagesScript(dangling.replaced)] : [];
  return [...rm, ...untag, ...labelled, ...replaced, 'wait', 'exit 0'].join('\n');
}

/**
 * The dangling images a compose prune removes: those labelled with the compose `project` (v2 labels
 * its builds), and those of the `replaced` ids (the images the names pointed at when a failed
 * deploy's undo retagged them: its builds, compose v1's included, which carry no label).
 */
export interface DanglingImages {
  project?: string;
  replaced?: readonly string[];
}

const DANGLING_MARK = '@dangling-removed ';

/**
 * Removes the dangling images labelled with the compose project (compose v2 labels the images it
 * builds): a build that never went live, whose name the undo pointed back at the previous image.
 * Without a tag no retained release uses it; one a container still uses stays (no --force).
 * Prints DANGLING_MARK and the id of each image removed.
 */
export function danglingImagesScript(project: string): string {
  const filters = ['-f', 'dangling=true', '-f', `label=com.docker.compose.project=${project}`];
  const ls = shellJoin(['docker', 'image', 'ls', '-q', '--no-trunc', ...filters]);
  return `for gd_i in $(${ls} 2>/dev/null); do docker image rm "$gd_i" >/dev/null 2>&1 && echo ${q(DANGLING_MARK)}"$gd_i"; done`;
}

/**
 * Removes those of `ids` that are dangling (no tag: no release names them), by id, without --force
 * (one a container still uses stays). Prints DANGLING_MARK and the id of each image removed.
 */
export function replacedImagesScript(ids: readonly string[]): string {
  const ls = shellJoin(['docker', 'image', 'ls', '-q', '--no-trunc', '-f', 'dangling=true']);
  const rm = `docker image rm "$gd_i" >/dev/null 2>&1 && echo ${q(DANGLING_MARK)}"$gd_i"`;
  return `for gd_i in $(${ls} 2>/dev/null); do case ${q(` ${ids.join(' ')} `)} in *" $gd_i "*) ${rm};; esac; done`;
}

/** How many dangling images pruneScript's output says it removed. */
export const removedDangling = (stdout: string): number => stdout.split('\n').filter((l) => l.startsWith(DANGLING_MARK)).length;

/** A reference as docker prints it: without `docker.io/` and `library/`. */
const familiar = (ref: string): string => ref.replace(/^docker\.io\//, '').replace(/^library\//, '');

/** The tags of `tags` that pruneScript's output says docker removed, in their order. */
export function removedTags(tags: readonly string[], stdout: string): string[] {
  const untagged = new Set(stdout.split('\n').filter(Boolean));
  return tags.filter((t) => untagged.has(familiar(t)));
}

export interface PruneOutcome {
  releases: string[];
  tags: string[];
}

/**
 * Prunes what the retained set leaves out (one round trip to list unless `listing`, the output of
 * pruneListingScript, is given; one to delete) and says so in the log and the run summary.
 * `layout.releases` is the directory of the release copies (in-place passenger targets: the
 * snapshots). Never throws: a failed prune is a warning, the run stands.
 */
export async function pruneReleases(
  s: Pick<Session, 'conn' | 'reporter' | 'report'>,
  layout: Layout,
  state: DeployState,
  keep: number,
  listing?: string,
  dangling?: DanglingImages,
): Promise<PruneOutcome> {
  try {
    return await prune(s, layout, state, keep, listing, dangling);
  } catch (e) {
    const text = `could not prune old releases: ${(e as Error).message}`;
    s.reporter.warning(text);
    s.report.warnings.push(text);
    return { releases: [], tags: [] };
  }
}

/** What a prune deletes, decided on a listing (pure): the release ids, what goes on the host, the tags to remove, the script. */
export interface PruneDecision {
  releases: string[];
  tags: string[];
  /** the warning naming the release copies kept because the state does not record them (unrecordedWarning) */
  kept?: string;
  /** pruneScript of it; undefined when nothing goes */
  script?: string;
}

/**
 * The releases among `existing` the retained set leaves out, never `live` (the release `current`
 * points at) nor one of `mounted` (a running service's files), each with its manifest, and their image
 * tags; with `dangling` (compose), the project's dangling images and those the undo replaced go in
 * the same script.
 */
export function decidePrune(
  layout: Layout,
  state: DeployState,
  keep: number,
  existing: readonly string[],
  live?: string,
  mounted: readonly string[] = [],
  dangling: DanglingImages = {},
): PruneDecision {
  const releases = releasesToPrune(state, existing, keep).filter((id) => id !== live && !mounted.includes(id));
  const unrecorded = unrecordedReleases(state, existing).filter((id) => id !== live);
  const kept = unrecorded.length > 0 ? unrecordedWarning(layout, unrecorded) : undefined;
  if (releases.length === 0) return { releases, tags: [], kept };
  const tags = prunedImageTags(state, releases);
  // each release's manifest goes with its directory (sync/manifest-script.ts)
  const dirs = releases.flatMap((id) => [layout.releaseDir(id), manifestPath(layout.root, id)]);
  const replaced = dangling.replaced && unretainedIds(state, releases, dangling.replaced);
  return { releases, tags, kept, script: pruneScript(dirs, tags, { ...dangling, replaced }) };
}

/** The ids of `ids` that no release of `state` outside `doomed` records: an image a retained release records is never removed, dangling or not. */
export function unretainedIds(state: DeployState, doomed: readonly string[], ids: readonly string[]): string[] {
  const kept = state.releases.filter((r) => !doomed.includes(r.id));
  const retained = new Set(kept.flatMap((r) => Object.values(r.images ?? {}).map((i) => i.id)));
  return ids.filter((id) => !retained.has(id));
}

/**
 * Layout in-place (no release copy to prune): the images a failed deploy's undo took the names from
 * (`replaced`), removed when dangling, in a round trip of their own, only when there are some. Never throws.
 */
export async function removeReplacedImages(
  s: Pick<Session, 'conn' | 'reporter' | 'report'>,
  state: DeployState,
  replaced: readonly string[],
): Promise<void> {
  const ids = unretainedIds(state, [], replaced);
  if (ids.length === 0) return;
  try {
    const n = removedDangling((await s.conn.exec.sh(replacedImagesScript(ids))).stdout);
    const line = `dangling images removed: ${n} (builds the undo no longer names)`;
    if (n > 0) s.reporter.info(line);
    if (n > 0) s.report.notes.push(line);
  } catch (e) {
    s.reporter.warning(`could not remove the failed deploy's builds: ${(e as Error).message}`);
  }
}

/** The warning naming the release directories a prune kept because the state does not record them (pure). */
export function unrecordedWarning(layout: Layout, unrecorded: readonly string[]): string {
  return `kept ${unrecorded.length} release ${unrecorded.length === 1 ? 'copy' : 'copies'} that state.json does not record, never pruned: ${unrecorded.map((id) => layout.releaseDir(id)).join(', ')} (a lost state.json? put the copy back to roll back to them; else delete them by hand)`;
}

/** Says in the log and the run summary what the prune's script (its output: `stdout`) removed, and what it kept unrecorded. */
export function reportPrune(s: Pick<Session, 'reporter' | 'report'>, keep: number, decided: PruneDecision, stdout: string): PruneOutcome {
  const { releases, kept } = decided;
  if (kept) {
    s.reporter.warning(kept);
    s.report.warnings.push(kept);
  }
  if (releases.length === 0) return { releases, tags: [] };
  const tags = removedTags(decided.tags, stdout);
  const dangling = removedDangling(stdout);
  const removed = `${tags.length > 0 ? `; image tags removed: ${tags.join(', ')}` : ''}${dangling > 0 ? `; dangling images removed: ${dangling}` : ''}`;
  const line = `pruned releases (keep_releases: ${keep}): ${releases.map((id) => shortSha(id)).join(', ')}${removed}`;
  s.reporter.info(line);
  s.report.notes.push(line);
  return { releases, tags };
}

async function prune(
  s: Pick<Session, 'conn' | 'reporter' | 'report'>,
  layout: Layout,
  state: DeployState,
  keep: number,
  listing: string | undefined,
  dangling: DanglingImages | undefined,
): Promise<PruneOutcome> {
  const { existing, live, mounted } = parsePruneListing(listing ?? (await s.conn.exec.sh(pruneListingScript(layout))).stdout);
  const decided = decidePrune(layout, state, keep, existing, live, mounted, dangling);
  if (decided.script === undefined) return reportPrune(s, keep, decided, '');
  return reportPrune(s, keep, decided, (await s.conn.exec.sh(decided.script)).stdout);
}
