import type { ChangedFile } from './types.js';

/** Every path a change touches (a rename/copy counts as its old AND new path), sorted and unique. */
export function changedPaths(changes: readonly ChangedFile[]): string[] {
  const paths = new Set<string>();
  for (const change of changes) {
    paths.add(change.path);
    if ((change.status === 'R' || change.status === 'C') && change.oldPath) paths.add(change.oldPath);
  }
  return [...paths].sort();
}

/** Sorted copy without duplicates (plain code-unit order: locale-independent, deterministic). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
