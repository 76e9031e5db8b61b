/**
 * What state.json read from a host must hold before any of it is used (pure). Release ids and
 * shas become paths that are deleted, snapshotted or synced into (releases/<id>,
 * .deploy/snapshots/<id>, .deploy/frontend/<id>) and revisions git reads: a hand-edited or
 * corrupted value (`..`, `../../shared`, `/`, '', spaces, a newline, `$(...)`) must stop the run
 * before anything on the host changes.
 */
/** A release id or sha as the tool writes it: a git commit (7 to 64 lowercase hex digits). */
export const RELEASE_ID = /^[0-9a-f]{7,64}$/;

const RESULTS = new Set(['success', 'failed', 'rolled-back']);

const shown = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Problems of one release record (`i`: its place in `releases`), as phrases. */
function releaseProblems(r: unknown, i: number, expect: ImagesExpect): string[] {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return [`releases[${i}] is not an object`];
  const rec = r as Record<string, unknown>;
  const bad = (field: string, optional: boolean): string[] => {
    const v = rec[field];
    if (optional && v === undefined) return [];
    return typeof v === 'string' && RELEASE_ID.test(v) ? [] : [`releases[${i}].${field} ${shown(v)} is not a commit sha`];
  };
  const result = RESULTS.has(rec.result as string)
    ? []
    : [`releases[${i}].result ${shown(rec.result)} is not one of success, failed, rolled-back`];
  const shas = [...bad('id', false), ...bad('sha', false)];
  // a release is named after its commit: its directory is releases/<id>, its upload the tree of <sha>
  const same = shas.length === 0 && rec.id !== rec.sha ? [`releases[${i}].id ${shown(rec.id)} is not its sha ${shown(rec.sha)}`] : [];
  return [...shas, ...same, ...bad('previous', true), ...result, ...imagesProblems(rec.images, i, expect)];
}

/** A compose service name (the key of `images`, the last path component of a reference). */
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** An image name as docker tags it: no option (`-`), no space, no shell or control character. */
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/;
/** `sha256:<hex>` as docker prints it (the recorded id is never a name: `docker tag <id>` must not take another image) */
const IMAGE_ID = /^sha256:[0-9a-z][0-9a-z-]*$/;
/** `<prefix>/<service>:release-<sha12>` of a `build:` reference (the tag of the release that built it). */
const REF = /^(.+)\/([^/:]+):release-[0-9a-f]{7,12}$/;

/** What the target's own `build:` references start with (`<registry>/<repository>/`); undefined without `build:`. */
export interface ImagesExpect {
  refPrefix?: string;
}

/**
 * Problems of `releases[i].images`: each names a service, a local image name, an image id
 * (`sha256:…`; a swarm record keeps its reference as name and id) and, with `build:`, the reference a
 * rollback pulls: it must be one this tool pushes for that service, `<registry>/<repository>/<service>:release-<sha12>`
 * of the target's registry (another registry, repository or service would be pulled and run).
 */
function imagesProblems(images: unknown, i: number, expect: ImagesExpect): string[] {
  if (images === undefined) return [];
  const at = `releases[${i}].images`;
  if (typeof images !== 'object' || images === null || Array.isArray(images)) return [`${at} is not an object`];
  return Object.entries(images as Record<string, unknown>).flatMap(([sv, image]) => {
    const where = `${at}[${shown(sv)}]`;
    if (!SERVICE.test(sv)) return [`${at} key ${shown(sv)} is not a service name`];
    if (typeof image !== 'object' || image === null) return [`${where} is not an object`];
    const { name, id, ref } = image as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof name !== 'string' || !IMAGE_NAME.test(name)) problems.push(`${where}.name ${shown(name)} is not an image name`);
    if (ref !== undefined) problems.push(...refProblems(ref, sv, where, expect));
    if (typeof id !== 'string' || !(IMAGE_ID.test(id) || (ref !== undefined && id === ref)))
      problems.push(`${where}.id ${shown(id)} is not an image id`);
    return problems;
  });
}

function refProblems(ref: unknown, sv: string, where: string, expect: ImagesExpect): string[] {
  const m = typeof ref === 'string' && IMAGE_NAME.test(ref) ? REF.exec(ref) : null;
  const made = expect.refPrefix ? `${expect.refPrefix}${sv}:release-<sha12>` : `<registry>/<repository>/${sv}:release-<sha12>`;
  if (!m || m[2] !== sv || (expect.refPrefix !== undefined && `${m[1]}/` !== expect.refPrefix))
    return [`${where}.ref ${shown(ref)} is not an image this target pushes (${made})`];
  return [];
}

/**
 * Every problem of a parsed state.json (empty: it can be used): release ids, shas and `previous`
 * links that are not commit shas, unknown results, recorded images that are not the target's, and a
 * `current` that is not a recorded release.
 */
export function stateProblems(data: { releases: readonly unknown[]; current?: unknown }, expect: ImagesExpect = {}): string[] {
  const problems = data.releases.flatMap((r, i) => releaseProblems(r, i, expect));
  const { current } = data;
  // no current (nothing live yet): absent, or null
  if (current === undefined || current === null) return problems;
  if (typeof current !== 'string' || !RELEASE_ID.test(current)) problems.push(`current ${shown(current)} is not a commit sha`);
  else if (!data.releases.some((r) => (r as { id?: unknown })?.id === current))
    problems.push(`current ${shown(current)} has no release record`);
  return problems;
}
