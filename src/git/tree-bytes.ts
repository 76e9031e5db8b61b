/** How many bytes some paths of a commit hold, asked of git without reading them (`git ls-tree -l`). */
import { runGit } from './run.js';

/**
 * The sum of the blob sizes in `git ls-tree -l -z` output (`<mode> <type> <oid> <size>\t<path>\0`);
 * a submodule or a tree (size `-`) counts 0.
 */
export function lsTreeBytes(out: string): number {
  let total = 0;
  for (const entry of out.split('\0')) {
    const size = entry.split('\t', 1)[0]!.trim().split(/\s+/)[3];
    if (size && /^\d+$/.test(size)) total += Number(size);
  }
  return total;
}

/** The bytes of `paths` (and, for a directory, of every file below it) in commit `sha`, from the object sizes only. */
export async function treeBytes(dir: string, sha: string, paths: readonly string[]): Promise<number> {
  const out = await runGit(dir, ['--literal-pathspecs', 'ls-tree', '-r', '-l', '-z', sha, '--', ...paths]);
  return lsTreeBytes(out.toString('utf8'));
}
