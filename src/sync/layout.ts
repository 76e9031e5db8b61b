import { posix } from 'node:path';
import { shellQuote as q } from '../transport/quote.js';

/** Paths of the release layout on the host (pure). */
export interface Layout {
  root: string;
  releases: string;
  shared: string;
  current: string;
  backups: string;
  releaseDir(id: string): string;
}

export function layoutOf(root: string): Layout {
  return {
    root,
    releases: `${root}/releases`,
    shared: `${root}/shared`,
    current: `${root}/current`,
    backups: `${root}/backups`,
    releaseDir: (id) => `${root}/releases/${id}`,
  };
}

const strip = (p: string): string => p.replace(/\/+$/, '');

/** The directories above relative `name` inside `base`: `a/b/c` → [`<base>/a`, `<base>/a/b`]. */
function dirsAbove(base: string, name: string): string[] {
  const parts = name.split('/').filter((s) => s !== '' && s !== '.');
  return parts.slice(0, -1).map((_, i) => `${base}/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * Shell (pure): runs `onLink` with `$d` set to a directory above `<base>/<name>` that is a symbolic
 * link (committed, or made on the host). Whatever is removed, created or linked at that path would
 * land where the link points: another release, <path>/shared itself, or outside the app. '' when
 * `name` has no directory above it.
 */
export function linkAboveGuard(base: string, name: string, onLink: string): string {
  const dirs = dirsAbove(base, name);
  return dirs.length === 0 ? '' : `for d in ${dirs.map(q).join(' ')}; do if [ -L "$d" ]; then ${onLink}; fi; done`;
}

/** linkAboveGuard for a shared entry: the script stops (exit 1) and says which link and entry. */
function refuseLinkAbove(base: string, name: string): string[] {
  const why = `printf 'shared entry %s: %s is a symbolic link; nothing is linked or removed through it (make it a directory)\\n' ${q(name)} "$d" >&2; exit 1`;
  const guard = linkAboveGuard(base, name, why);
  return guard ? [guard] : [];
}

/**
 * Links every shared path into a release: the release's own copy is replaced by a symlink to
 * <root>/shared/<entry>; a missing shared dir (entry ending in "/") is created empty, a missing
 * shared file is left missing (never invented). Nothing under shared/ is ever deleted: when a
 * directory of the release above an entry is a symbolic link (the commit's), the script fails
 * (exit 1) before removing or linking anything through it. Any entry that cannot be linked (a
 * file where its directory goes) fails it too: a release never goes live without a shared path.
 */
export function linkSharedScript(layout: Layout, releaseId: string, shared: readonly string[]): string {
  const release = layout.releaseDir(releaseId);
  const lines = [`mkdir -p ${q(layout.shared)} || exit 1`];
  for (const entry of shared) {
    const name = strip(entry);
    const src = `${layout.shared}/${name}`;
    const dst = `${release}/${name}`;
    lines.push(...refuseLinkAbove(release, name));
    if (entry.endsWith('/')) lines.push(`mkdir -p ${q(src)} || exit 1`);
    // every entry's own `|| exit 1`: one that cannot be linked fails the upload, not only the last one
    lines.push(`{ mkdir -p ${q(posix.dirname(dst))} && rm -rf ${q(dst)} && ln -s ${q(src)} ${q(dst)}; } || exit 1`);
  }
  return lines.join('\n');
}

/** In place, an entry's copy in <root>/shared and the path it is linked to in the tree. */
function inPlaceEntry(layout: Layout, entry: string): { name: string; src: string; dst: string } {
  const name = strip(entry);
  return { name, src: `${layout.shared}/${name}`, dst: `${layout.root}/${name}` };
}

/**
 * In place, before anything changes: prints each shared entry that exists both in <root>/shared
 * and in the tree (a file, a directory, or a link other than the one to its shared copy), one per
 * line. Such an entry is ambiguous: the deploy refuses it rather than choose which copy to lose.
 */
export function sharedConflictsScript(layout: Layout, shared: readonly string[]): string {
  return shared
    .map((entry) => {
      const { name, src, dst } = inPlaceEntry(layout, entry);
      const inTree = `{ [ -e ${q(dst)} ] || [ -L ${q(dst)} ]; }`;
      return `if [ -e ${q(src)} ] && ${inTree} && [ "$(readlink ${q(dst)})" != ${q(src)} ]; then printf '%s\\n' ${q(name)}; fi`;
    })
    .join('\n');
}

/**
 * In place, after the sync: each shared entry kept in <root>/shared is linked into the tree where
 * the tree has nothing at its path (a directory entry found nowhere is created in <root>/shared
 * first, as for a release). An entry the tree holds (the user's file, directory or own link) is
 * left exactly as it is. Nothing is ever deleted, and nothing is written through a directory of
 * the tree that is a symbolic link (the script fails: exit 1).
 */
export function linkSharedInPlaceScript(layout: Layout, shared: readonly string[]): string {
  return shared
    .map((entry) => {
      const { name, src, dst } = inPlaceEntry(layout, entry);
      const guard = refuseLinkAbove(layout.root, name).map((g) => `${g}; `);
      const create = entry.endsWith('/') ? `mkdir -p ${q(src)} || exit 1; ` : '';
      const link = `if [ -e ${q(src)} ]; then mkdir -p ${q(posix.dirname(dst))} && ln -s ${q(src)} ${q(dst)} || exit 1; fi`;
      return `if [ ! -e ${q(dst)} ] && [ ! -L ${q(dst)} ]; then ${guard.join('')}${create}${link}; fi`;
    })
    .join('\n');
}

/** Atomically points `current` at a release (symlink + rename over the old link). */
export function switchCurrentScript(layout: Layout, releaseId: string): string {
  const tmp = `${layout.root}/.current.tmp`;
  return `ln -sfn ${q(`releases/${releaseId}`)} ${q(tmp)} && mv -Tf ${q(tmp)} ${q(layout.current)}`;
}

/** Prints `dangling` when `current` is a link to no directory (its release deleted), nothing otherwise. */
export function danglingCurrentScript(layout: Layout): string {
  return `if [ -L ${q(layout.current)} ] && [ ! -d ${q(layout.current)} ]; then echo dangling; fi`;
}

/** Prints the release id `current` points to (empty when there is none). */
export function readCurrentScript(layout: Layout): string {
  return `if [ -L ${q(layout.current)} ]; then basename "$(readlink ${q(layout.current)})"; fi`;
}
