/**
 * The strategy-independent frame of a rollback: resolve the target release, run the planner in
 * reverse (deployed → target), warn when the schema is not reverted, pair the pre-deploy backup for
 * restore-db, and run the strategy's part under the deploy lock inside a GitHub Deployment.
 */
import { computePlan } from '../pipeline/plan.js';
import { phase, withLock, type Session } from '../session/session.js';
import { UserError } from '../core/errors.js';
import { withGithubDeployment } from '../github/with-deployment.js';
import type { DeploymentRef } from '../session/report.js';
import type { PlannerConfig } from '../plan/types.js';
import { protectedBackups } from '../record/release-retention.js';
import type { DeployState } from '../record/state-model.js';
import { loadState } from '../record/state-store.js';
import type { ProtectedBackup } from '../backup/retention.js';
import { shellQuote as q } from '../transport/quote.js';
import { auditRun, reportedBackup } from '../record/run-audit.js';
import { resolveRollbackTarget } from './choose.js';
import { backupToRestore, changedMigrations, recordRollback } from './history.js';
import { short, type RollbackRun } from './types.js';

/** What both strategies' rollbacks start from: the state, the two releases and the reverse plan. */
export type RollbackStart = Pick<RollbackRun, 'state' | 'current' | 'to' | 'planned'>;

export type BackupPairing = ReturnType<typeof backupToRestore>;

/** The state the rollback records: `current` on the target, the release undone marked rolled-back. */
export function stateAfter(r: RollbackStart): DeployState {
  return recordRollback(r.state, r.current, r.to);
}

/** Backups the safety backup's retention must keep: those a rollback needs, before and after this one. */
export function rollbackProtection(s: Session, r: RollbackStart): ProtectedBackup[] {
  return protectedBackups(s.target.keep_releases, r.state, stateAfter(r));
}

/** Loads the state, resolves the target (refusing unknown/failed ones) and plans current → target. */
export async function startRollback(s: Session, config: PlannerConfig): Promise<RollbackStart> {
  const state = await loadState(s.conn.exec, s.target.path, s.targetName);
  const { current, target: to } = resolveRollbackTarget(state, s.settings.rollbackTo);
  s.reporter.info(`rolling back ${s.targetName} from ${short(current.id)} to ${short(to.id)}`);
  const settings = { ...s.settings, from: current.sha, to: to.sha };
  const planned = await phase(s, 'Plan', () => computePlan(settings, config, s.reporter, s.report));
  warnSchemaNotReverted(s, { state, current, to, planned });
  return { state, current, to, planned };
}

/** Loud warning (log + report) when migrations differ and the database is not restored. */
function warnSchemaNotReverted(s: Session, r: RollbackStart): void {
  const migrations = changedMigrations(r.planned.plan);
  if (migrations.length === 0 || s.settings.restoreDb) return;
  const text = `DATABASE SCHEMA NOT REVERTED: migrations differ between ${short(r.current.id)} and ${short(r.to.id)} (${migrations.join(', ')}); the code goes back, the database stays as it is. Roll back with restore-db: true to restore the backup taken before ${short(r.current.id)}.`;
  s.reporter.warning(text);
  s.report.warnings.push(text);
}

/** restore-db: the pre-deploy backup to restore, checked to be on the host (before anything changes). */
export async function pairedBackup(s: Session, r: RollbackStart): Promise<BackupPairing | undefined> {
  if (!s.settings.restoreDb) return undefined;
  const pairing = backupToRestore(r.state, r.current, r.to);
  const file = pairing.backup.file;
  const found = await s.conn.exec.sh(`test -f ${q(file)}`, { allowFailure: true });
  if (found.code !== 0) {
    throw new UserError(
      `restore-db: the backup taken before ${short(pairing.release.id)} was deployed (${file}) is no longer on the host (deleted by retention?); nothing was changed`,
    );
  }
  return pairing;
}

export interface RollbackAuditExtra {
  error?: string;
  restored?: { file: string; sha256: string };
  rebuilt?: string[];
}

/** The rollback's audit line: from the undone release to the target, what it touched, the backups taken and restored. */
export function auditRollback(
  s: Session,
  r: RollbackStart,
  result: string,
  services: Record<string, string[]>,
  extra: RollbackAuditExtra = {},
): Promise<void> {
  const restored = extra.restored ? { file: extra.restored.file, sha256: extra.restored.sha256 } : undefined;
  return auditRun(s, {
    from: r.current.sha,
    to: r.to.sha,
    services,
    backup: reportedBackup(s),
    restored,
    rebuilt: extra.rebuilt,
    result,
    error: extra.error,
  });
}

export interface RollbackStrategy<R extends RollbackStart> {
  prepare(): Promise<R>;
  /** dry-run lines */
  describe(r: R): string[];
  run(r: R): Promise<void>;
}

/** Dry run: prepare and describe. Otherwise prepare and run under the lock, in a GitHub Deployment. */
export async function runRollbackFlow<R extends RollbackStart>(s: Session, strategy: RollbackStrategy<R>): Promise<void> {
  if (s.settings.dryRun) {
    s.report.notes.push(...strategy.describe(await strategy.prepare()));
    return;
  }
  const state = await loadState(s.conn.exec, s.target.path, s.targetName);
  const wanted = resolveRollbackTarget(state, s.settings.rollbackTo).target;
  await withLock(s, wanted.sha, async () => {
    const r = await strategy.prepare();
    const info = {
      ref: r.to.sha,
      task: 'deploy:rollback' as const,
      description: `rollback of ${s.targetName} from ${short(r.current.id)} to ${short(r.to.id)}`,
      onCreated: (d: DeploymentRef) => (s.report.deployment = d),
    };
    s.report.release = r.to.id;
    s.report.previousRelease = r.current.id;
    await withGithubDeployment(s.settings, s.targetName, s.reporter, info, () => strategy.run(r));
  });
}
