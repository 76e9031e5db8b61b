/** What a rollback reads from and writes to the deploy state (pure). */
import { UserError } from '../core/errors.js';
import { releaseAfter, type DeployState, type ReleaseRecord } from '../record/state-model.js';
import type { Plan } from '../plan/types.js';
import { shortSha } from '../core/text.js';

/** `current` moves to the target (current again since `at`); the release undone is marked rolled-back (order is kept). */
export function recordRollback(
  state: DeployState,
  undone: ReleaseRecord,
  target: ReleaseRecord,
  at = new Date().toISOString(),
): DeployState {
  const releases = state.releases.map((r) => (r.id === undone.id ? { ...r, result: 'rolled-back' as const } : r));
  return { ...state, current: target.id, currentSince: { at, via: 'rollback' }, releases };
}

/**
 * The backup to restore when going from `current` back to `target`: the one taken just before the
 * oldest deploy being undone (walking `previous` links from the current release to the target).
 */
export function backupToRestore(
  state: DeployState,
  current: ReleaseRecord,
  target: ReleaseRecord,
): { release: ReleaseRecord; backup: NonNullable<ReleaseRecord['backup']> } {
  const r = releaseAfter(state, current, target);
  const short = (x: ReleaseRecord) => shortSha(x.id);
  if (!r) {
    throw new UserError(
      `restore-db: ${short(target)} is not an earlier release of ${short(current)}, so no pre-deploy backup pairs with it; roll back without restore-db or restore a backup by name`,
    );
  }
  if (!r.backup) throw new UserError(`restore-db: no backup was recorded before release ${short(r)} was deployed; nothing to restore`);
  return { release: r, backup: r.backup };
}

const MIGRATION_PATH = /(^|\/)migrations\//;

/** Migration files that differ between the two releases (the schema is not reverted with the code). */
export function changedMigrations(plan: Plan): string[] {
  return plan.changedFiles.filter((f) => MIGRATION_PATH.test(f));
}
