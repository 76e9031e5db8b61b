import { posix } from 'node:path';

/** Outside-the-repo paths (absolute, home-relative) are kept as written. */
function isUnanchored(p: string): boolean {
  return p.startsWith('/') || p.startsWith('~');
}

/** A build context that is a URL (git repository, tarball), not a directory. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');
}

/** Normalized POSIX path without trailing slash; "." for the root. */
export function normalizePath(p: string): string {
  const n = posix.normalize(p === '' ? '.' : p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/**
 * Resolves a path written in a compose file (relative to `directory`, itself repo-relative) to a
 * repo-relative path ("." = root, may start with "../"). Absolute and "~" paths are kept as is.
 */
export function toRepoPath(directory: string, p: string): string {
  if (isUnanchored(p)) return normalizePath(p);
  return normalizePath(posix.join(directory, p));
}

/** A deep fake root, so that posix.relative works on repo-relative paths that start with "../". */
const FAKE_ROOT = '/r/r/r/r/r/r/r/r/r/r/r/r/r/r/r/r';

/** Rewrites a path relative to `fromDir` so that it means the same thing relative to `toDir`. */
export function rebasePath(p: string, fromDir: string, toDir: string): string {
  if (isUnanchored(p) || isRemoteContext(p)) return p;
  const target = posix.join(FAKE_ROOT, fromDir, p);
  return posix.relative(posix.join(FAKE_ROOT, toDir), target) || '.';
}
