/** What an upload of a target's tree never sends nor deletes, as a predicate over the tree's paths (pure). */
import type { Target } from '../config/schema.js';
import { syncRules, type SyncRules } from './protection.js';
import { protectPattern } from './rsync.js';
import { excludeMatcher } from './rsync-filter.js';

/** Whether an rsync with `rules` leaves `path` (a directory when `isDir`) alone: protected, excluded, or below such a directory. */
export function rulesLeaveOut(rules: SyncRules): (path: string, isDir: boolean) => boolean {
  return excludeMatcher([...rules.protect.map(protectPattern), ...rules.excludes]);
}

/** The files of the tree an upload of `target` never sends (its `exclude:`, shared and protected paths). */
export function uploadLeavesOut(target: Target): (path: string) => boolean {
  const leftOut = rulesLeaveOut(syncRules(target));
  return (path) => leftOut(path, false);
}
