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

/**
 * Links every shared path into a release: the release's own copy is replaced by a symlink to
 * <root>/shared/<entry>; a missing shared dir (entry ending in "/") is created empty, a missing
 * shared file is left missing (never invented). Nothing under shared/ is ever deleted.
 */
export function linkSharedScript(layout: Layout, releaseId: string, shared: readonly string[]): string {
  const release = layout.releaseDir(releaseId);
  const lines = [`mkdir -p ${q(layout.shared)}`];
  for (const entry of shared) {
    const name = strip(entry);
    const src = `${layout.shared}/${name}`;
    const dst = `${release}/${name}`;
    if (entry.endsWith('/')) lines.push(`mkdir -p ${q(src)}`);
    lines.push(`mkdir -p ${q(posix.dirname(dst))} && rm -rf ${q(dst)} && ln -s ${q(src)} ${q(dst)}`);
  }
  return lines.join('\n');
}

/** Atomically points `current` at a release (symlink + rename over the old link). */
export function switchCurrentScript(layout: Layout, releaseId: string): string {
  const tmp = `${layout.root}/.current.tmp`;
  return `ln -sfn ${q(`releases/${releaseId}`)} ${q(tmp)} && mv -Tf ${q(tmp)} ${q(layout.current)}`;
}

/** Prints the release id `current` points to (empty when there is none). */
export function readCurrentScript(layout: Layout): string {
  return `if [ -L ${q(layout.current)} ]; then basename "$(readlink ${q(layout.current)})"; fi`;
}
