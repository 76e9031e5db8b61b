import type { Git } from './run.js';

/** Every tracked file path at a commit (NUL-separated, so any byte in a name survives). */
export async function listTree(git: Git, sha: string): Promise<string[]> {
  const out = await git.raw(['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha]);
  return out.split('\0').filter((p) => p !== '');
}

/**
 * Every tracked file path at a commit, which of them are symlinks (mode 120000) and which are
 * submodules (gitlinks, mode 160000: `git archive` leaves them out), from one `git ls-tree`.
 */
export async function listTreeWithLinks(git: Git, sha: string): Promise<{ paths: string[]; links: string[]; submodules: string[] }> {
  const out = await git.raw(['ls-tree', '-r', '-z', '--full-tree', sha]);
  const paths: string[] = [];
  const links: string[] = [];
  const submodules: string[] = [];
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const path = entry.slice(tab + 1);
    paths.push(path);
    if (entry.startsWith('120000 ')) links.push(path);
    if (entry.startsWith('160000 ')) submodules.push(path);
  }
  return { paths, links, submodules };
}
