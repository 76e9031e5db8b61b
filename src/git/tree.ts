import type { Git } from './run.js';

/** Every tracked file path at a commit (NUL-separated, so any byte in a name survives). */
export async function listTree(git: Git, sha: string): Promise<string[]> {
  const out = await git.raw(['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha]);
  return out.split('\0').filter((p) => p !== '');
}
