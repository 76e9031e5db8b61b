/** File modes of a deployed tree, as `stat` sees them on the host. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file and directory under `root` (symlinks are not followed: a link's own mode means
 * nothing) whose mode has a group or other write bit, as "path 0664"; `skip` are relative paths
 * not descended into (e.g. "shared" holding files the test wrote itself).
 */
export function groupOrOtherWritable(root: string, skip: readonly string[] = []): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const rel = relative(root, abs);
      if (skip.includes(rel)) continue;
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) continue;
      if ((st.mode & 0o022) !== 0) found.push(`${rel} 0${(st.mode & 0o7777).toString(8)}`);
      if (st.isDirectory()) walk(abs);
    }
  };
  const top = lstatSync(root);
  if ((top.mode & 0o022) !== 0) found.push(`. 0${(top.mode & 0o7777).toString(8)}`);
  walk(root);
  return found;
}

/** How many files and directories `groupOrOtherWritable` looked at (a test asserts it saw the tree). */
export function countEntries(root: string): number {
  let n = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      n++;
      const st = lstatSync(join(dir, name));
      if (st.isDirectory()) walk(join(dir, name));
    }
  };
  walk(root);
  return n;
}
