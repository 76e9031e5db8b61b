/**
 * What a passenger rollback runs (pure): the planner in reverse (deployed → target) decides. pip
 * runs only when the requirements differ (or the venv is gone); public_html goes back from the
 * target's frontend copy (or a snapshot known to hold it); user tasks (migrations…) never run on a rollback.
 */
import { changed, decideSteps, planWithSteps, type StepDecision } from '../strategies/passenger/steps.js';
import { FRONTEND_TASK, PIP_TASK } from '../strategies/passenger/tasks.js';
import type { Plan } from '../plan/types.js';
import type { DeployState, ReleaseRecord } from '../record/state-model.js';
import { shortSha as short } from '../core/text.js';

export interface FrontendDecision extends StepDecision {
  /** the frontend differs but cannot be put back: public_html keeps the undone release's */
  stale: boolean;
  /** directory on the host public_html is restored from (when it runs) */
  from?: string;
}

export interface PassengerRollbackSteps {
  pip: StepDecision;
  /** undefined when the target has no frontend */
  frontend?: FrontendDecision;
  /** user tasks of the reverse plan, not run by a rollback */
  skippedTasks: string[];
}

export interface RollbackFacts {
  venvExists: boolean;
  hasFrontend: boolean;
  /** directory on the host holding the target release's frontend (its copy, or a snapshot known to hold it) */
  frontendFrom?: string;
  /** paths of public_html that a restore from frontendFrom would change (beyond times): a task wrote them since */
  frontendDiffers?: readonly string[];
  /** changed files pip reads besides the requirements file (pip-inputs-read.ts) */
  pipInputs?: readonly string[];
}

/**
 * True when the public_html snapshot holds the frontend `target` served: the deploy of `current`
 * snapshots public_html before its frontend sync, so the snapshot is `current.previous`'s frontend
 * as long as no deploy was recorded after `current` (a later one may have snapshotted again).
 */
export function frontendSnapshotHolds(state: DeployState, current: ReleaseRecord, target: ReleaseRecord): boolean {
  return current.previous === target.id && state.releases[0]?.id === current.id;
}

/**
 * The frontend files are the same, but public_html may still hold what a user task of the undone
 * release wrote into it (a collectstatic into the web root): restored when the target's frontend
 * copy differs from it, else skipped.
 */
function sameFrontend(facts: RollbackFacts, to: string): FrontendDecision {
  const same = 'frontend files are the same in both releases';
  const differs = [...(facts.frontendDiffers ?? [])];
  if (!facts.frontendFrom || differs.length === 0) return { run: false, stale: false, why: same };
  const what = changed(differs).replace(/ changed$/, '');
  const why = `${same}, but public_html differs from ${short(to)}'s frontend (${what}): restored from ${facts.frontendFrom}`;
  return { run: true, stale: false, why, from: facts.frontendFrom };
}

function frontendDecision(base: StepDecision | undefined, facts: RollbackFacts, current: string, to: string): FrontendDecision | undefined {
  if (!base) return undefined;
  if (!base.run) return sameFrontend(facts, to);
  const differ = `frontend files differ (${base.why.replace(/ changed$/, '')})`;
  if (facts.frontendFrom)
    return { run: true, stale: false, why: `${differ}: public_html restored from ${facts.frontendFrom}`, from: facts.frontendFrom };
  const none = `no copy of ${short(to)}'s frontend is kept (deployed before per-release frontend copies, or its copy was deleted)`;
  return {
    run: false,
    stale: true,
    why: `${differ}, but ${none}: public_html still holds ${short(current)}'s frontend (redeploy ${short(to)} to rebuild it)`,
  };
}

/**
 * Whether the frontend step's decision needs the dry run of public_html against the target's
 * frontend (frontendDiffers): only when the frontend files are the same in both releases; when
 * they differ, public_html is restored from the copy whatever the dry run would show.
 */
export function needsFrontendDiff(plan: Plan): boolean {
  return decideSteps(plan, { venvExists: true, hasFrontend: true, taskOrder: [] }).frontend?.run !== true;
}

/** The steps of a rollback along the reverse plan (from = the deployed sha, to = the target's). */
export function decideRollbackSteps(plan: Plan, facts: RollbackFacts): PassengerRollbackSteps {
  const base = decideSteps(plan, {
    venvExists: facts.venvExists,
    hasFrontend: facts.hasFrontend,
    taskOrder: [],
    pipInputs: facts.pipInputs,
  });
  const pip = base.pip.run ? base.pip : { run: false, why: 'requirements are the same in both releases' };
  const frontend = frontendDecision(base.frontend, facts, plan.from ?? '', plan.to);
  return { pip, frontend, skippedTasks: base.tasks };
}

/** The reverse plan as executed: only the built-in steps that ran are left in `tasks`. */
export function executedPlan(plan: Plan, steps: PassengerRollbackSteps, taskOrder: readonly string[]): Plan {
  return planWithSteps(plan, { pip: steps.pip, tasks: [], frontend: steps.frontend }, taskOrder);
}

/** Log lines of the decisions. */
export function rollbackStepLines(steps: PassengerRollbackSteps): string[] {
  const line = (name: string, d: StepDecision): string => `${name}: ${d.run ? 'runs' : 'skipped'} (${d.why})`;
  const lines = [line(PIP_TASK, steps.pip)];
  if (steps.frontend) lines.push(line(FRONTEND_TASK, steps.frontend));
  if (steps.skippedTasks.length > 0) lines.push(`tasks: not run by a rollback (${steps.skippedTasks.join(', ')})`);
  return lines;
}
