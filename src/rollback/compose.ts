/**
 * Compose rollback: lock → resolve the target release → the planner in reverse (current → target)
 * → optional database restore (safety backup first) → target files → switch `current` → retained
 * images (no rebuild) → up only what differs → health → record state + audit.
 */
import path from 'node:path';
import { phase, type Session } from '../session/session.js';
import type { ComposeTarget } from '../config/schema.js';
import { composeSite } from '../strategies/compose/run.js';
import { pruneReleases } from '../sync/prune-releases.js';
import { repairStep } from '../strategies/compose/repair-step.js';
import { saveState } from '../record/state-store.js';
import { refuseSharedConflicts } from '../sync/upload.js';
import { applyRollback, undoRollback } from './apply.js';
import { restoreWithSafetyBackup } from '../backup/database.js';
import { describeRollback } from './describe.js';
import {
  auditRollback,
  pairedBackup,
  rollbackProtection,
  runRollbackFlow,
  startRollback,
  stateAfter,
  type RollbackAuditExtra,
} from './flow.js';
import { ensureReleaseFiles } from './release-files.js';
import { short, type RollbackRun } from './types.js';

async function prepare(s: Session, target: ComposeTarget): Promise<RollbackRun> {
  const site = composeSite(s.config, target);
  const start = await startRollback(s, s.config);
  return { s, target, ...site, ...start };
}

/** Rolls the compose target back (see the module comment); refuses failed and unknown releases. */
export async function rollbackCompose(s: Session, target: ComposeTarget): Promise<void> {
  await runRollbackFlow(s, {
    prepare: () => prepare(s, target),
    describe: (r) => describeRollback(r, s.settings.restoreDb),
    run: runRollback,
  });
}

async function runRollback(r: RollbackRun): Promise<void> {
  const { s } = r;
  // an interrupted deploy is repaired back to the recorded release first: the rollback starts from it
  await repairStep(s, r.target, r.current, () => ensureReleaseFiles(s, r.target, r.layout, r.current, r.current));
  await refuseSharedConflicts(s.conn, r.target);
  const pairing = await pairedBackup(s, r);
  if (pairing) await restoreWithSafetyBackup(s, pairing.backup.file, r.current.sha, r.inv, rollbackProtection(s, r));
  await ensureReleaseFiles(s, r.target, r.layout, r.to, r.current);
  let rebuilt: string[];
  try {
    rebuilt = await applyRollback(r);
  } catch (e) {
    const undone = await undoRollback(r);
    s.reporter.warning(undone);
    s.report.notes.push(
      `rollback failed: ${undone}${pairing ? '; the database was restored: the safety backup above holds its state before the rollback' : ''}`,
    );
    await audit(r, 'failed', { error: (e as Error).message, restored: pairing?.backup }).catch(() => undefined);
    throw e;
  }
  await phase(s, 'Record', async () => {
    const after = stateAfter(r);
    await saveState(s.conn.exec, r.target.path, after);
    await audit(r, 'success', { restored: pairing?.backup, rebuilt });
    if (r.releases) await pruneReleases(s, r.layout, after, r.target.keep_releases);
  });
  const p = r.planned.plan;
  const images =
    p.build.length > 0
      ? `${p.build.join(', ')} back on the images of ${short(r.to.id)}${rebuilt.length ? ` (rebuilt: ${rebuilt.join(', ')})` : ' (no rebuild)'}`
      : 'no image to change';
  s.report.notes.push(
    `rolled back ${s.targetName} from ${short(r.current.id)} to ${short(r.to.id)}: ${images}${pairing ? `; database restored from ${path.posix.basename(pairing.backup.file)}` : ''}`,
  );
}

function audit(r: RollbackRun, result: string, extra: RollbackAuditExtra): Promise<void> {
  const p = r.planned.plan;
  return auditRollback(
    r.s,
    r,
    result,
    { images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks },
    extra,
  );
}
