import { readOnce } from './once.js';
import type { Git } from './run.js';

/** One entry of `git ls-tree -r -l -z`: `<mode> <type> <oid> <size>\t<path>` (size `-` for a submodule). */
export interface TreeEntry {
  mode: string;
  type: string;
  size: number;
  path: string;
}

/** Parses `git ls-tree -r -l -z` output (pure). */
export function parseLsTreeLong(out: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', type = '', , size = ''] = entry.slice(0, tab).trim().split(/\s+/);
    entries.push({ mode, type, size: /^\d+$/.test(size) ? Number(size) : 0, path: entry.slice(tab + 1) });
  }
  return entries;
}

/**
 * Every entry of a commit's tree, recursively, with the blobs' sizes: one `git ls-tree` per commit
 * for the whole run (once.ts), whoever asks (the plan, the LFS check, the upload).
 */
export function treeEntries(git: Git, sha: string): Promise<TreeEntry[]> {
  return readOnce(git, 'ls-tree', [sha], async () =>
    parseLsTreeLong(await git.raw(['ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', sha])),
  );
}

/** Every tracked file path at a commit (NUL-separated, so any byte in a name survives). */
export async function listTree(git: Git, sha: string): Promise<string[]> {
  return (await treeEntries(git, sha)).map((e) => e.path);
}

/**
 * Every tracked file path at a commit, which of them are symlinks (mode 120000) and which are
 * submodules (gitlinks, mode 160000: `git archive` leaves them out), from one `git ls-tree`.
 */
export async function listTreeWithLinks(git: Git, sha: string): Promise<{ paths: string[]; links: string[]; submodules: string[] }> {
  const entries = await treeEntries(git, sha);
  return {
    paths: entries.map((e) => e.path),
    links: entries.filter((e) => e.mode === '120000').map((e) => e.path),
    submodules: entries.filter((e) => e.mode === '160000').map((e) => e.path),
  };
}
