/**
 * Compose rollback: lock → resolve the target release → the planner in reverse (current → target)
 * → optional database restore (safety backup first) → target files → switch `current` → retained
 * images (no rebuild) → up only what differs → health → record state + audit.
 */
import path from 'node:path';
import { computePlan } from '../commands/plan.js';
import { phase, withLock, type Session } from '../commands/session.js';
import type { ComposeTarget } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { composeInvocation } from '../deploy/compose-target.js';
import { withGithubDeployment } from '../github/with-deployment.js';
import { loadState, saveState } from '../record/state-store.js';
import { layoutOf } from '../sync/layout.js';
import { shellQuote } from '../transport/quote.js';
import { applyRollback, undoRollback } from './apply.js';
import { resolveRollbackTarget } from './choose.js';
import { restoreWithSafetyBackup } from './database.js';
import { backupToRestore, changedMigrations, recordRollback } from './history.js';
import { describeRollback } from './describe.js';
import { ensureReleaseFiles } from './release-files.js';
import { auditRun, reportedBackup } from './run-audit.js';
import type { RollbackRun } from './types.js';

const short = (id: string): string => id.slice(0, 12);

async function prepare(s: Session, target: ComposeTarget): Promise<RollbackRun> {
  const layout = layoutOf(target.path);
  const releases = target.layout === 'releases';
  const inv = composeInvocation(s.config, releases ? layout.current : layout.root);
  const state = await loadState(s.conn.exec, target.path, s.targetName);
  const { current, target: to } = resolveRollbackTarget(state, s.settings.rollbackTo);
  s.reporter.info(`rolling back ${s.targetName} from ${short(current.id)} to ${short(to.id)}`);
  const settings = { ...s.settings, from: current.sha, to: to.sha };
  const planned = await phase(s, 'Plan', () => computePlan(settings, s.config, s.reporter, s.report));
  const run = { s, target, layout, releases, state, current, to, planned, inv };
  warnSchema(run);
  return run;
}

/** Rolls the compose target back (see the module comment); refuses failed and unknown releases. */
export async function rollbackCompose(s: Session, target: ComposeTarget): Promise<void> {
  const state = await loadState(s.conn.exec, target.path, s.targetName);
  const wanted = resolveRollbackTarget(state, s.settings.rollbackTo).target;
  if (s.settings.dryRun) {
    const r = await prepare(s, target);
    s.report.notes.push(...describeRollback(r, s.settings.restoreDb));
    return;
  }
  await withLock(s, wanted.sha, async () => {
    const r = await prepare(s, target);
    const info = { ref: r.to.sha, task: 'deploy:rollback' as const, description: `rollback of ${s.targetName} from ${short(r.current.id)} to ${short(r.to.id)}` };
    await withGithubDeployment(s.settings, s.targetName, s.reporter, info, () => runRollback(r));
  });
}

function warnSchema(r: RollbackRun): void {
  const migrations = changedMigrations(r.planned.plan);
  if (migrations.length === 0 || r.s.settings.restoreDb) return;
  const text = `DATABASE SCHEMA NOT REVERTED: migrations differ between ${short(r.current.id)} and ${short(r.to.id)} (${migrations.join(', ')}); the code goes back, the database stays as it is. Roll back with restore-db: true to restore the backup taken before ${short(r.current.id)}.`;
  r.s.reporter.warning(text);
  r.s.report.warnings.push(text);
}

async function runRollback(r: RollbackRun): Promise<void> {
  const { s } = r;
  s.report.release = r.to.id;
  s.report.previousRelease = r.current.id;
  const pairing = s.settings.restoreDb ? backupToRestore(r.state, r.current, r.to) : undefined;
  if (pairing) {
    await requireRemoteFile(s, pairing.backup.file, `the backup taken before ${short(pairing.release.id)} was deployed`);
    await restoreWithSafetyBackup(s, pairing.backup.file, r.current.sha, r.inv);
  }
  await ensureReleaseFiles(s, r.target, r.layout, r.to, r.current);
  let rebuilt: string[];
  try {
    rebuilt = await applyRollback(r);
  } catch (e) {
    const undone = await undoRollback(r);
    s.reporter.warning(undone);
    s.report.notes.push(`rollback failed: ${undone}${pairing ? '; the database was restored: the safety backup above holds its state before the rollback' : ''}`);
    await audit(r, 'failed', { error: (e as Error).message, restored: pairing?.backup }).catch(() => undefined);
    throw e;
  }
  await phase(s, 'Record', async () => {
    await saveState(s.conn.exec, r.target.path, recordRollback(r.state, r.current, r.to));
    await audit(r, 'success', { restored: pairing?.backup, rebuilt });
  });
  const p = r.planned.plan;
  const images = p.build.length > 0 ? `${p.build.join(', ')} back on the images of ${short(r.to.id)}${rebuilt.length ? ` (rebuilt: ${rebuilt.join(', ')})` : ' (no rebuild)'}` : 'no image to change';
  s.report.notes.push(`rolled back ${s.targetName} from ${short(r.current.id)} to ${short(r.to.id)}: ${images}${pairing ? `; database restored from ${path.posix.basename(pairing.backup.file)}` : ''}`);
}

/** Refuses (before anything changes) when a file the rollback needs is gone from the host. */
async function requireRemoteFile(s: Session, file: string, what: string): Promise<void> {
  const r = await s.conn.exec.sh(`test -f ${shellQuote(file)}`, { allowFailure: true });
  if (r.code !== 0) throw new UserError(`restore-db: ${what} (${file}) is no longer on the host (deleted by retention?); nothing was changed`);
}

type AuditExtra = { error?: string; restored?: { file: string; sha256: string }; rebuilt?: string[] };

function audit(r: RollbackRun, result: string, extra: AuditExtra): Promise<void> {
  const p = r.planned.plan;
  return auditRun(r.s, {
    from: r.current.sha,
    to: r.to.sha,
    services: { images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks },
    backup: reportedBackup(r.s),
    restored: extra.restored ? { file: extra.restored.file, sha256: extra.restored.sha256 } : undefined,
    rebuilt: extra.rebuilt,
    result,
    error: extra.error,
  });
}
