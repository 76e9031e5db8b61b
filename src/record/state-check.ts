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
function releaseProblems(r: unknown, i: number): string[] {
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
  return [...shas, ...same, ...bad('previous', true), ...result];
}

/**
 * Every problem of a parsed state.json (empty: it can be used): release ids, shas and `previous`
 * links that are not commit shas, unknown results, and a `current` that is not a recorded release.
 */
export function stateProblems(data: { releases: readonly unknown[]; current?: unknown }): string[] {
  const problems = data.releases.flatMap(releaseProblems);
  const { current } = data;
  // no current (nothing live yet): absent, or null
  if (current === undefined || current === null) return problems;
  if (typeof current !== 'string' || !RELEASE_ID.test(current)) problems.push(`current ${shown(current)} is not a commit sha`);
  else if (!data.releases.some((r) => (r as { id?: unknown })?.id === current))
    problems.push(`current ${shown(current)} has no release record`);
  return problems;
}
