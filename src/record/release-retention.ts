/**
 * The one retention rule of releases (pure), for every strategy and layout: which release
 * directories (or in-place snapshots) and `release-<sha12>` image tags stay, and which pre-deploy
 * backups backup retention must keep because a rollback to a kept release needs them.
 */
import { posix } from 'node:path';
import { currentRelease, predecessorOf, releaseAfter, wentLive, type DeployState, type ReleaseRecord } from './state-model.js';
import { shortSha } from '../core/text.js';

/** A backup retention must keep whatever the rules say, and why (shown in the summary). */
export interface ProtectedBackup {
  /** file name in the backups directory */
  name: string;
  why: string;
}

/**
 * The releases kept for rollback, newest first: the newest `keep` (at least 1) releases that went
 * live (see wentLive: successful, including one later rolled back from), plus the current release
 * and its predecessor (where `rollback previous` goes). A failed release never counts and is never
 * kept.
 */
export function retainedReleases(state: DeployState, keep: number): ReleaseRecord[] {
  const ids = new Set(
    state.releases
      .filter(wentLive)
      .slice(0, Math.max(keep, 1))
      .map((r) => r.id),
  );
  const current = currentRelease(state);
  if (current) {
    ids.add(current.id);
    const before = predecessorOf(state, current);
    if (before) ids.add(before.id);
  }
  return state.releases.filter((r) => ids.has(r.id));
}

/**
 * Release ids among `existing` (directory names) to delete: every one the state records outside
 * retainedReleases — older successful releases and failed ones — in state order. A directory the
 * state does not record (state.json lost or replaced, a copy made by hand) is never deleted: the tool
 * cannot prove it is its own and unneeded (unrecordedReleases names them).
 */
export function releasesToPrune(state: DeployState, existing: readonly string[], keep: number): string[] {
  const kept = new Set(retainedReleases(state, keep).map((r) => r.id));
  const order = new Map(state.releases.map((r, i) => [r.id, i]));
  return existing.filter((id) => order.has(id) && !kept.has(id)).sort((a, b) => order.get(a)! - order.get(b)!);
}

/** Release ids among `existing` that the state does not record: kept by every prune. */
export function unrecordedReleases(state: DeployState, existing: readonly string[]): string[] {
  const known = new Set(state.releases.map((r) => r.id));
  return existing.filter((id) => !known.has(id));
}

/**
 * The pre-deploy backups a rollback to a retained release may restore, with why: each retained
 * release's own backup (its data before it went live: restore-db when rolling back from it) and,
 * for each retained rollback target, the backup `rollback --restore-db` to it would restore now.
 * Several states (e.g. before and after a rollback) give the union.
 */
export function protectedBackups(keep: number, ...states: DeployState[]): ProtectedBackup[] {
  const why = new Map<string, Set<string>>();
  const add = (file: string, reason: string): void => {
    const name = posix.basename(file);
    why.set(name, (why.get(name) ?? new Set()).add(reason));
  };
  for (const state of states) {
    const current = currentRelease(state);
    for (const r of retainedReleases(state, keep)) {
      if (r.backup) add(r.backup.file, `pre-deploy backup of release ${shortSha(r.id)}`);
      const after = current && r.id !== current.id ? releaseAfter(state, current, r) : undefined;
      if (after?.backup) add(after.backup.file, `restore-db to release ${shortSha(r.id)}`);
    }
  }
  return [...why].map(([name, reasons]) => ({ name, why: [...reasons].join(', ') }));
}
