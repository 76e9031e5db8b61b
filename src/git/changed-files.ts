import { readOnce } from './once.js';
import type { Git } from './run.js';
import type { ChangedFile, FileStatus } from '../plan/types.js';

/** Parses `git diff --name-status -z -M` output (NUL-separated: status, path[, new path]). */
export function parseNameStatusZ(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < parts.length) {
    const code = parts[i++];
    if (!code) continue;
    const status = code[0] as FileStatus;
    if (status === 'R' || status === 'C') {
      const oldPath = parts[i++] ?? '';
      const path = parts[i++] ?? '';
      files.push({ status, path, oldPath });
    } else {
      files.push({ status, path: parts[i++] ?? '' });
    }
  }
  return files.filter((f) => f.path !== '');
}

/** `git diff` as plumbing: paths exactly as stored (no quoting), no external diff or text conversion. */
export const DIFF = ['-c', 'core.quotepath=false', 'diff', '--no-ext-diff', '--no-textconv'];

/**
 * Changed files between two commits, renames detected, paths exactly as stored (no quoting); one
 * `git diff` per pair of commits for the run (once.ts: the plan's serves the upload's).
 */
export async function changedFiles(git: Git, from: string, to: string): Promise<ChangedFile[]> {
  if (from === to) return [];
  return readOnce(git, 'diff', [from, to], async () =>
    parseNameStatusZ(await git.raw([...DIFF, '--name-status', '-z', '-M', '--end-of-options', from, to, '--'])),
  );
}

/** Every path a change touches (pure): a rename or copy as its two paths, as `git diff --no-renames` lists them. */
export const touchedPaths = (files: readonly ChangedFile[]): string[] =>
  files.flatMap((f) => (f.oldPath === undefined ? [f.path] : [f.oldPath, f.path]));
