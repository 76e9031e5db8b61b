/**
 * Git LFS files in an exported tree: `git archive` writes their pointers (git-lfs's filter is
 * turned off for it: it could fetch over the network, or be missing), then each pointer is
 * overwritten with its object from the local LFS store (lfs-pointers.ts), keeping the file's mode.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { lfsObjectPath, type LfsFile } from '../git/lfs-pointers.js';

/** git's `-c` options of an archive that leaves LFS pointers as committed, whatever git-lfs the machine has set up (or none). */
export const LFS_OFF: readonly string[] = ['-c', 'filter.lfs.process=', '-c', 'filter.lfs.smudge=', '-c', 'filter.lfs.required=false'];

/**
 * Writes each LFS file's content from `store` over its pointer in the exported tree at `treeDir`
 * (a file the archive left out, export-ignore, stays out).
 */
export async function writeLfsContent(treeDir: string, store: string, files: readonly LfsFile[]): Promise<void> {
  for (const f of files) {
    const at = join(treeDir, f.path);
    const exported = await lstat(at).then(
      (s) => s.isFile(),
      () => false,
    );
    // 'w' truncates the pointer and keeps the file's mode (an executable stays one)
    if (exported) await pipeline(createReadStream(lfsObjectPath(store, f.oid)), createWriteStream(at, { flags: 'w' }));
  }
}
