import type { SimpleGit } from 'simple-git';

/** Every tracked file path at a commit (NUL-separated, so any byte in a name survives). */
export async function listTree(git: SimpleGit, sha: string): Promise<string[]> {
  const out = await git.raw(['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha]);
  return out.split('\0').filter((p) => p !== '');
}

/** Contents of a file at a commit, or null when it does not exist there. */
export async function readAt(git: SimpleGit, sha: string, path: string): Promise<string | null> {
  try {
    return await git.raw(['cat-file', 'blob', `${sha}:${path}`]);
  } catch {
    return null;
  }
}
