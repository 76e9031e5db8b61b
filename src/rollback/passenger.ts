/**
 * Passenger rollback: lock → resolve the target release → the planner in reverse (current →
 * target) → optional database restore (safety backup first) → the target's code (kept or
 * re-uploaded release directory, or the in-place snapshot) → pip only when the requirements differ
 * → public_html from the target's frontend copy → switch `current` + restart → health → record state + audit.
 * A failure after something changed puts the release that was current back and fails the run.
 */
import path from 'node:path';
import { phase, type Session } from '../session/session.js';
import type { PassengerTarget } from '../config/schema.js';
import { venvExists } from '../strategies/passenger/host-steps.js';
import { refuseSharedConflicts } from '../sync/upload.js';
import { passengerPaths } from '../strategies/passenger/paths.js';
import { pruneCopies } from '../strategies/passenger/record.js';
import { passengerPlannerConfig } from '../strategies/passenger/tasks.js';
import { saveState } from '../record/state-store.js';
import { restoreWithSafetyBackup } from '../backup/database.js';
import { auditRollback, pairedBackup, rollbackProtection, runRollbackFlow, startRollback, stateAfter, type BackupPairing } from './flow.js';
import { ensureTargetRelease, installRequirementsOf, requireCodeSource, restoreInPlaceCode, undoCode } from './passenger-code.js';
import { switchAndRestart, verifyHttp } from '../strategies/passenger/phases.js';
import { describePassengerRollback } from './passenger-describe.js';
import { dropFrontendCopy, frontendSource, restoreFrontend, undoFrontend } from './passenger-frontend.js';
import { noRollbackProgress, type PassengerRollback } from './passenger-run.js';
import { decideRollbackSteps, executedPlan, rollbackStepLines } from './passenger-steps.js';
import { short } from './types.js';

/** Rolls the passenger target back (see the module comment); refuses failed and unknown releases. */
export function rollbackPassenger(s: Session, target: PassengerTarget): Promise<void> {
  return runRollbackFlow(s, {
    prepare: () => prepare(s, target),
    describe: (r) => describePassengerRollback(r, s.settings.restoreDb),
    run: runRollback,
  });
}

async function prepare(s: Session, target: PassengerTarget): Promise<PassengerRollback> {
  const paths = passengerPaths(target);
  const config = passengerPlannerConfig(s.config, target);
  const start = await startRollback(s, config);
  const [hasVenv, frontendFrom] = await Promise.all([
    venvExists(s.conn.exec, paths.venv),
    target.frontend ? frontendSource(s, paths, start.state, start.current, start.to) : undefined,
    requireCodeSource(s, paths, start.to),
  ]);
  const steps = decideRollbackSteps(start.planned.plan, { venvExists: hasVenv, hasFrontend: target.frontend !== undefined, frontendFrom });
  s.report.plan = executedPlan(start.planned.plan, steps, Object.keys(config.tasks));
  for (const line of rollbackStepLines(steps)) s.reporter.info(line);
  if (steps.frontend?.stale) {
    const text = `public_html not rolled back: ${steps.frontend.why}`;
    s.reporter.warning(text);
    s.report.warnings.push(text);
  }
  return { s, target, paths, config, ...start, steps, progress: noRollbackProgress() };
}

async function runRollback(r: PassengerRollback): Promise<void> {
  const { s } = r;
  await refuseSharedConflicts(s.conn, r.target);
  const pairing = await pairedBackup(s, r);
  if (pairing) await restoreWithSafetyBackup(s, pairing.backup.file, r.current.sha, undefined, rollbackProtection(s, r));
  try {
    await goLive(r);
  } catch (e) {
    const undone = await phase(s, 'Undo', () => undoRollback(r)).catch(
      (u: Error) => `could not go back to ${short(r.current.id)}: ${u.message}`,
    );
    s.reporter.warning(undone);
    s.report.notes.push(
      `rollback failed: ${undone}${pairing ? '; the database was restored: the safety backup above holds its state before the rollback' : ''}`,
    );
    await audit(r, 'failed', pairing, (e as Error).message).catch(() => undefined);
    throw e;
  }
  await phase(s, 'Record', async () => {
    const after = stateAfter(r);
    await saveState(s.conn.exec, r.target.path, after);
    await Promise.all([audit(r, 'success', pairing), dropFrontendCopy(r), pruneCopies(r, after)]);
  });
  s.report.notes.push(summary(r, pairing));
}

async function goLive(r: PassengerRollback): Promise<void> {
  const { s, steps, progress } = r;
  if (r.paths.releases) await ensureTargetRelease(r);
  else await phase(s, 'Restore code', () => restoreInPlaceCode(r));
  if (steps.pip.run) {
    progress.pip = true;
    await phase(s, 'Pip', () => installRequirementsOf(r, r.to.id));
  }
  if (steps.frontend?.run) await phase(s, 'Frontend', () => restoreFrontend(r));
  // the undo switches back whether or not this round trip got through the switch
  progress.switched = true;
  await phase(s, 'Switch', () => switchAndRestart(r, r.to.id, r.current.id));
  await phase(s, 'Verify', () => verifyHttp(r));
}

/** After a failed rollback: the release that was current serves again (code, venv, public_html, restart). */
async function undoRollback(r: PassengerRollback): Promise<string> {
  const frontend = await undoFrontend(r);
  const done = [...(frontend ? [frontend] : []), ...(await undoCode(r))];
  const back = short(r.current.id);
  return done.length > 0 ? `back on ${back}: ${done.join(', ')}` : `nothing had changed yet: ${back} keeps serving`;
}

function audit(r: PassengerRollback, result: string, pairing?: BackupPairing, error?: string): Promise<void> {
  return auditRollback(r.s, r, result, { tasks: r.s.report.plan?.tasks ?? [] }, { restored: pairing?.backup, error });
}

function summary(r: PassengerRollback, pairing?: BackupPairing): string {
  const { steps } = r;
  const pip = steps.pip.run ? `requirements reinstalled (${steps.pip.why})` : 'no pip run (requirements are the same)';
  const fe = steps.frontend
    ? steps.frontend.run
      ? '; public_html restored'
      : steps.frontend.stale
        ? '; public_html NOT rolled back (see warnings)'
        : '; public_html unchanged'
    : '';
  const db = pairing ? `; database restored from ${path.posix.basename(pairing.backup.file)}` : '';
  return `rolled back ${r.s.targetName} from ${short(r.current.id)} to ${short(r.to.id)}: ${pip}${fe}${db}`;
}
