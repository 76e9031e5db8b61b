import { UserError } from '../core/errors.js';
import { shortSha } from '../core/text.js';
import type { BatchObject, CatFile } from './cat-file.js';
import type { Git } from './run.js';

export const ZERO_SHA = '0000000000000000000000000000000000000000';
const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * Rejects revision strings that could be read as options or carry control characters.
 * Everything else (even `$(touch x)`) is passed as one argument without a shell and fails to resolve.
 */
export function checkRevisionSyntax(rev: string, label: string): void {
  if (rev === '') throw new UserError(`${label}: empty revision`);
  if (rev.startsWith('-')) throw new UserError(`${label}: invalid revision ${JSON.stringify(rev)} (must not start with "-")`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(rev) || rev.length > 255)
    throw new UserError(`${label}: invalid revision ${JSON.stringify(rev.slice(0, 60))}`);
}

/** Looks a revision up as a commit: its full sha, or null (unknown, ambiguous, not a commit). */
export type CommitLookup = (rev: string) => Promise<string | null>;

function validSyntax(rev: string): boolean {
  try {
    checkRevisionSyntax(rev, 'rev');
    return true;
  } catch {
    return false;
  }
}

/**
 * A revision `git cat-file --batch` may die on instead of answering "missing": a reflog or
 * upstream suffix (`HEAD@{99}` past the reflog's end, `main@{upstream}` without one) is fatal to
 * it, which would fail every other name of the batch (HEAD would read as "no commit yet").
 */
const mayKillBatch = (rev: string): boolean => rev.includes('@{');

/** The name that asks `git cat-file --batch` for a revision as a commit. */
export function commitName(rev: string): string {
  return `${rev}^{commit}`;
}

/** The full sha of a commit answered by `git cat-file --batch`; null for anything else (missing, ambiguous, another type). */
export function commitSha(object: BatchObject | null): string | null {
  return object?.type === 'commit' && FULL_SHA.test(object.oid) ? object.oid : null;
}

/**
 * Looks `revs` up together, as one round of `catFile` (asked now; the revisions go on stdin, never
 * in argv, and one whose syntax checkRevisionSyntax refuses is not sent); any other revision, and
 * one the batch may die on (mayKillBatch), is looked up by itself. A cat-file that fails (not a repository) answers null, as `rev-parse` does.
 */
export function lookupCommits(git: Git, catFile: CatFile, revs: string[]): CommitLookup {
  const asked = revs.filter((rev) => validSyntax(rev) && !mayKillBatch(rev));
  const answers = catFile.ask(asked.map(commitName)).then(
    (objects) => objects.map(commitSha),
    () => asked.map(() => null),
  );
  return async (rev) => {
    const i = asked.indexOf(rev);
    return i < 0 ? tryResolve(git, rev) : ((await answers)[i] ?? null);
  };
}

async function tryResolve(git: Git, rev: string): Promise<string | null> {
  try {
    const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    const sha = out.trim();
    return FULL_SHA.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/** In a shallow clone, fetch exactly the missing commit (never assume history). */
async function fetchCommit(git: Git, sha: string): Promise<boolean> {
  try {
    await git.raw(['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', sha]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves a revision to a full commit SHA, fetching a full SHA that a shallow clone lacks.
 * `lookup` asks first (lookupCommits: one round of a cat-file for several revisions).
 */
export async function resolveRevision(
  git: Git,
  rev: string,
  label: string,
  lookup: CommitLookup = (r) => tryResolve(git, r),
): Promise<string> {
  checkRevisionSyntax(rev, label);
  const found = await lookup(rev);
  if (found) return found;
  if (FULL_SHA.test(rev) && (await fetchCommit(git, rev))) {
    const fetched = await tryResolve(git, rev);
    if (fetched) return fetched;
  }
  if (rev === 'HEAD')
    throw new UserError(
      `${label}: HEAD names no commit: the repository has no commit yet. A deploy ships a commit, never the work tree: commit the app (and .github/) first`,
    );
  throw new UserError(`${label}: unknown revision ${JSON.stringify(rev)} (not a commit in this repository)`);
}

/**
 * Resolves `from` when it may legitimately be unknown (first deploy, force-pushed history):
 * returns null with the reason instead of failing.
 */
export async function resolveOptionalFrom(
  git: Git,
  rev: string | undefined,
  source: string,
  lookup: CommitLookup = (r) => tryResolve(git, r),
): Promise<{ sha: string | null; reason?: string }> {
  if (!rev || rev === ZERO_SHA) return { sha: null, reason: `no deployed revision known (${source})` };
  checkRevisionSyntax(rev, 'from');
  const found = await lookup(rev);
  if (found) return { sha: found };
  if (FULL_SHA.test(rev) && (await fetchCommit(git, rev))) {
    const fetched = await tryResolve(git, rev);
    if (fetched) return { sha: fetched };
  }
  if (source === 'input') throw new UserError(`from: unknown revision ${JSON.stringify(rev)} (not a commit in this repository)`);
  return { sha: null, reason: `deployed revision ${shortSha(rev)} (${source}) is not in this repository's history` };
}
