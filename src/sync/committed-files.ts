/** The committed files an upload of an exported tree leaves in the target's tree (pure reads of the local export). */
import { readdir } from 'node:fs/promises';
import { posix, relative, sep } from 'node:path';
import type { Target } from '../config/schema.js';
import { uploadLeavesOut } from './left-out.js';

/**
 * The regular files of the exported tree at `treeDir`, relative and "/"-separated, without those
 * the target's upload rules leave alone (protected, excluded, or below such a directory): what the
 * sync wrote or kept as the commit's.
 */
export async function committedFiles(treeDir: string, target: Target): Promise<string[]> {
  const excluded = uploadLeavesOut(target);
  const entries = await readdir(treeDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(treeDir, posix.join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => !excluded(path))
    .sort();
}
