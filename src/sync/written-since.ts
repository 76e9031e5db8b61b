/**
 * Layout releases: a service that bind-mounts a directory of its release (`./media:/app/media`)
 * and writes there puts its files into releases/<id>, which the next deploy does not carry over (a
 * new release directory holds the new commit's files and the `shared` links only) and the prune
 * deletes. Before a deploy changes anything, the files of the live release written after its upload
 * (newer than its manifest, written at the end of the upload) that its commit does not hold are
 * named in a warning, with the way out (`shared`).
 */
import { shellQuote as q } from '../transport/quote.js';
import { manifestPath } from './manifest-script.js';
import type { Layout } from './layout.js';

/** Shell (pure): the regular files of release `id` newer than its manifest, NUL-separated, `./`-relative; nothing without either. */
export function writtenSinceUploadScript(layout: Layout, id: string): string {
  const m = q(manifestPath(layout.root, id));
  const dir = q(layout.releaseDir(id));
  return `if [ -f ${m} ] && [ -d ${dir} ]; then cd ${dir} && find . -type f -newer ${m} -print0; fi`;
}

/** The paths printed by writtenSinceUploadScript that `committed` (the release's tracked files) does not hold, sorted. */
export function writtenNotCommitted(output: string, committed: readonly string[]): string[] {
  const tracked = new Set(committed);
  const paths = output
    .split('\0')
    .filter((p) => p !== '')
    .map((p) => p.replace(/^\.\//, ''));
  return paths.filter((p) => !tracked.has(p)).sort();
}

/** The warning naming `files` (at most `shown`) of releases/<id>. */
export function writtenSinceWarning(layout: Layout, id: string, files: readonly string[], shown = 10): string {
  const named = files.slice(0, shown).join(', ') + (files.length > shown ? `, … (${files.length} files)` : '');
  return (
    `${layout.releaseDir(id)} holds ${files.length} file${files.length === 1 ? '' : 's'} written after its upload that its commit does not have (${named}): ` +
    `a service writing into a bind-mounted directory of its release. The new release does not carry ${files.length === 1 ? 'it' : 'them'} over, and ${files.length === 1 ? 'it is' : 'they are'} deleted when that release is pruned: ` +
    `list the directory in the target's shared (e.g. shared: [media/]) and move the files into ${layout.shared}/.`
  );
}
