/**
 * Passenger rollback: a passenger deploy whose source is a retained release. Its "upload" is the
 * kept (or re-uploaded) release directory, or in-place the target's snapshot restored into the live
 * tree; pip runs only when the requirements differ; public_html comes back from the target's
 * frontend copy; restore-db once that code is ready; then switch `current` + restart, health. User
 * tasks never run on a rollback. A failure after something changed puts the release that was
 * current back (and the database, when it was restored).
 */
import path from 'node:path';
import { shortSha as short } from '../core/text.js';
import type { PassengerTarget } from '../config/schema.js';
import { venvExists } from '../strategies/passenger/host-steps.js';
import { passengerPaths } from '../strategies/passenger/paths.js';
import { switchAndRestart, verifyHttp } from '../strategies/passenger/phases.js';
import { copiesListing, pruneCopies } from '../strategies/passenger/record.js';
import { passengerStrategy } from '../strategies/passenger/strategy.js';
import { passengerPlannerConfig } from '../strategies/passenger/tasks.js';
import { changedPipInputs } from '../strategies/passenger/pip-inputs-read.js';
import type { DeployRun, Planned, Step, Strategy } from '../strategies/types.js';
import { refuseSharedConflicts } from '../sync/upload.js';
import { ensureReleaseFiles } from './release-files.js';
import { checkRollbackDb, restoreRollbackDb, undoRollbackDb } from './db-restore.js';
import { installRequirementsOf, requireCodeSource, restoreInPlaceCode, undoCode } from './passenger-code.js';
import { describePassengerRollback } from './passenger-describe.js';
import { dropFrontendCopy, frontendSource, restoreFrontend, undoFrontend } from './passenger-frontend.js';
import { decideRollbackSteps, executedPlan, needsFrontendDiff, rollbackStepLines } from './passenger-steps.js';
import { retained, type PassengerRollback } from './types.js';

/** Reads what the steps depend on (venv, where the target's frontend and code are kept) and decides them. */
async function prepare(base: DeployRun, planned: Planned): Promise<PassengerRollback> {
  const { s, previous: current, rollback } = base;
  const target = s.target as PassengerTarget;
  const [paths, config] = [passengerPaths(target), passengerPlannerConfig(s.config, target)];
  const [hasVenv, frontend, , pipInputs] = await Promise.all([
    venvExists(s.conn.exec, paths.venv),
    target.frontend
      ? frontendSource(s, target, paths, { state: base.state, current: current!, to: rollback!.to, diff: needsFrontendDiff(planned.plan) })
      : undefined,
    requireCodeSource(s, paths, rollback!.to),
    changedPipInputs(s.settings.repo, planned.plan, target),
  ]);
  const hasFrontend = target.frontend !== undefined;
  const facts = { venvExists: hasVenv, hasFrontend, frontendFrom: frontend?.from, frontendDiffers: frontend?.differs, pipInputs };
  const steps = decideRollbackSteps(planned.plan, facts);
  const plan = executedPlan(planned.plan, steps, Object.keys(config.tasks));
  s.report.plan = plan;
  for (const line of rollbackStepLines(steps)) s.reporter.info(line);
  if (steps.frontend?.stale) {
    const text = `public_html not rolled back: ${steps.frontend.why}`;
    s.reporter.warning(text);
    s.report.warnings.push(text);
  }
  return { ...retained({ ...base, planned, target, paths, config, plan }), steps };
}

async function preflight(r: PassengerRollback): Promise<undefined> {
  await refuseSharedConflicts(r.s.conn, r.target);
  await checkRollbackDb(r);
  return undefined;
}

function steps(r: PassengerRollback): Step[] {
  const list: Step[] = [
    r.paths.releases
      ? { phase: 'upload', run: () => ensureReleaseFiles(r.s, r.target, r.paths.layout, r.to, r.current) }
      : { phase: 'upload', title: 'Restore code', run: () => restoreInPlaceCode(r) },
  ];
  if (r.steps.pip.run) list.push({ phase: 'build', title: 'Pip', run: () => installRequirementsOf(r, r.to.id) });
  if (r.steps.frontend?.run) list.push({ phase: 'apply', title: 'Frontend', run: () => restoreFrontend(r) });
  // restore-db once the code is ready: the migrations' phase (no task runs in a rollback)
  if (r.s.settings.restoreDb) list.push({ phase: 'tasks', run: () => restoreRollbackDb(r) });
  // marked reached as it starts: the undo switches back whether or not this round trip got through
  list.push({ phase: 'switch', title: 'Switch', run: () => switchAndRestart(r, r.to.id, r.current.id) });
  list.push({ phase: 'verify', title: 'Verify', run: () => verifyHttp(r) });
  return list;
}

/** After a failed rollback: the release that was current serves again (code, venv, public_html, restart). */
async function undoRollback(r: PassengerRollback): Promise<string> {
  const db = await undoRollbackDb(r);
  const frontend = await undoFrontend(r);
  const done = [...[db, frontend].filter((x) => x !== undefined), ...(await undoCode(r))];
  const back = short(r.current.id);
  return done.length > 0 ? `back on ${back}: ${done.join(', ')}` : `nothing had changed yet: ${back} keeps serving`;
}

function summary(r: PassengerRollback): string {
  const { steps } = r;
  const pip = steps.pip.run ? `requirements reinstalled (${steps.pip.why})` : 'no pip run (requirements are the same)';
  const fe = !steps.frontend
    ? ''
    : steps.frontend.run
      ? '; public_html restored'
      : steps.frontend.stale
        ? '; public_html NOT rolled back (see warnings)'
        : '; public_html unchanged';
  const db = r.rollback.restored ? `; database restored from ${path.posix.basename(r.rollback.restored.file)}` : '';
  return `rolled back ${r.s.targetName} from ${short(r.current.id)} to ${short(r.to.id)}: ${pip}${fe}${db}`;
}

export const passengerRollback: Strategy<PassengerRollback> = {
  plannerConfig: passengerStrategy.plannerConfig,
  prepare,
  describe: (r) => describePassengerRollback(r, r.s.settings.restoreDb),
  idle: () => undefined,
  preflight,
  begin: async () => undefined,
  steps,
  revertsFirstDeploy: false,
  revert: async (r) => ({ rolledBack: false, description: await undoRollback(r) }),
  finish: async (r, failed) => {
    if (failed) return;
    await dropFrontendCopy(r);
    r.s.report.notes.push(summary(r));
  },
  completeRelease: async () => undefined,
  keep: async () => undefined,
  auditServices: passengerStrategy.auditServices,
  pruneListing: copiesListing,
  prune: pruneCopies,
};
