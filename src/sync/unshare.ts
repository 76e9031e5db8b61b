/**
 * In place, the live tree shares its inodes with the hard-link snapshots of earlier releases
 * (passenger: .deploy/snapshots/<id>). rsync writes a changed file as a new inode, but a file whose
 * content is the same and whose mode alone changes (a commit flipping the executable bit) is
 * chmod-ed in place: the mode of every snapshot holding that inode would change with it, and a
 * rollback or an undo restoring one would bring back the wrong mode. Such files are copied to a
 * fresh inode in the live tree first (a dry run of the same rsync names them).
 */
import { posix } from 'node:path';
import type { Executor } from '../transport/types.js';
import { shellQuote as q } from '../transport/quote.js';
import type { ItemizedChange } from './run-rsync.js';

/** The regular files an itemized rsync keeps but changes the attributes of (`.f...p.....`), relative to its destination. */
export function attributeOnlyFiles(items: readonly ItemizedChange[]): string[] {
  return items.filter((i) => i.flags.startsWith('.f') && /[^.]/.test(i.flags.slice(2))).map((i) => i.path);
}

/**
 * Shell (pure): each of `paths` (relative to `root`) that is a regular file of its own replaced by a
 * copy of itself (same content, mode and times; a new inode), through a temp name in its directory.
 * A path that is not a regular file (gone, a link, a name rsync printed escaped) is left alone.
 */
export function unshareScript(root: string, paths: readonly string[]): string {
  return paths
    .map((path) => {
      const file = q(posix.join(root, path));
      const tmp = q(posix.join(root, posix.dirname(path), '.gitops-unshare.tmp'));
      return `if [ -f ${file} ] && [ ! -L ${file} ]; then rm -f ${tmp} && cp -p -- ${file} ${tmp} && mv -f -- ${tmp} ${file} || exit 1; fi`;
    })
    .join('\n');
}

/** Runs unshareScript for the attribute-only changes among `items` (nothing when there are none). */
export async function unshareAttributeChanges(exec: Executor, root: string, items: readonly ItemizedChange[]): Promise<void> {
  const paths = attributeOnlyFiles(items);
  if (paths.length > 0) await exec.sh(unshareScript(root, paths));
}
