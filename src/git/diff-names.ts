import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { changedFiles, touchedPaths } from './changed-files.js';
import type { Git } from './run.js';
import { listTree } from './tree.js';
import { readBlobs } from './blobs.js';

/**
 * Paths changed between two commits: added, modified, deleted and type-changed, a rename as its two
 * paths (the plan's `git diff`, changed-files.ts). Null when git cannot diff them (a commit missing
 * from a shallow clone): the caller falls back, never fails.
 */
export async function changedPaths(git: Git, from: string, to: string): Promise<string[] | null> {
  try {
    return [...new Set(touchedPaths(await changedFiles(git, from, to)))];
  } catch {
    return null;
  }
}

const ARCHIVE_ATTRIBUTES = /\bexport-(?:ignore|subst)\b/;

/** The `.gitattributes` paths of a tree listing. */
export const attributeFiles = (paths: readonly string[]): string[] =>
  paths.filter((p) => p === '.gitattributes' || p.endsWith('/.gitattributes'));

/**
 * Whether `git archive` of `sha` may differ from its tracked files: a `.gitattributes` of the tree
 * (or the repository's info/attributes) sets export-ignore or export-subst. A file that cannot be
 * read counts as setting them.
 */
export async function archiveRewrites(git: Git, dir: string, sha: string, paths: readonly string[]): Promise<boolean> {
  const files = attributeFiles(paths);
  const texts =
    files.length > 0
      ? await readBlobs(
          dir,
          files.map((path) => ({ sha, path })),
        )
      : [];
  if (texts.some((t) => t === null || ARCHIVE_ATTRIBUTES.test(t))) return true;
  try {
    const info = (await git.raw(['rev-parse', '--git-path', 'info/attributes'])).trim();
    const text = await readFile(resolve(dir, info), 'utf8').catch(() => '');
    return ARCHIVE_ATTRIBUTES.test(text);
  } catch {
    return true;
  }
}

/** Every tracked path of `sha` (listTree), or null when git cannot list it. */
export async function treePaths(git: Git, sha: string): Promise<string[] | null> {
  try {
    return await listTree(git, sha);
  } catch {
    return null;
  }
}
