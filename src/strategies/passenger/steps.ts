/** What a passenger deploy runs besides the upload and restart: pure decisions from the plan. */
import type { Plan, Reason } from '../../plan/types.js';
import { APP_NAME, FRONTEND_TASK, PIP_TASK, userTasks } from './tasks.js';

export interface StepDecision {
  run: boolean;
  /** why it runs or is skipped (shown in the deploy log) */
  why: string;
  /** pip run by a changed file it reads besides the requirements file (those files) */
  inputs?: string[];
}

export interface PassengerSteps {
  pip: StepDecision;
  /** user tasks (migrations…), in declaration order */
  tasks: string[];
  /** undefined when the target has no frontend */
  frontend?: StepDecision;
}

export interface StepFacts {
  /** the virtualenv's python exists on the host */
  venvExists: boolean;
  hasFrontend: boolean;
  /** every task of the planner config, in declaration order */
  taskOrder: readonly string[];
  /** changed files pip reads besides the requirements file (pip-inputs-read.ts) */
  pipInputs?: readonly string[];
}

function filesOf(plan: Plan, task: string): string[] {
  return [...new Set(plan.reasons.filter((r) => r.task === task).flatMap((r) => r.files))].sort();
}

/** `a, b, c (+N more) changed` */
export function changed(files: string[]): string {
  const shown = files.slice(0, 3).join(', ');
  return `${shown}${files.length > 3 ? ` (+${files.length - 3} more)` : ''} changed`;
}

function decide(plan: Plan, task: string, unchanged: string): StepDecision {
  if (plan.from === null) return { run: true, why: 'first deploy (no previous revision to compare with)' };
  if (plan.tasks.includes(task)) return { run: true, why: changed(filesOf(plan, task)) };
  return { run: false, why: unchanged };
}

/** pip: the venv missing, the requirements file changed (planned), or a file it reads through it or pip_args. */
function decidePip(plan: Plan, facts: StepFacts): StepDecision {
  if (!facts.venvExists) return { run: true, why: 'the virtualenv is missing' };
  const planned = decide(plan, PIP_TASK, 'requirements unchanged since the deployed revision');
  const inputs = [...(facts.pipInputs ?? [])];
  if (planned.run || inputs.length === 0) return planned;
  return { run: true, why: `${changed(inputs)} (read by pip through the requirements file or pip_args)`, inputs };
}

/**
 * pip runs when the requirements (or a file pip reads through them) changed, on a first deploy, or when the venv is missing; user tasks
 * and the frontend as planned, or all of them on a first deploy (unknown `from`).
 */
export function decideSteps(plan: Plan, facts: StepFacts): PassengerSteps {
  const pip = decidePip(plan, facts);
  // a first deploy's tasks are planned (firstDeployTasks honours first_deploy)
  const tasks = userTasks(plan.tasks);
  const steps: PassengerSteps = { pip, tasks };
  if (facts.hasFrontend) steps.frontend = decide(plan, FRONTEND_TASK, 'no frontend file changed');
  return steps;
}

/** A step that runs takes the release with it: the upload and restart the plan did not list yet. */
function uploadWithSteps(plan: Plan, tasks: string[]): Pick<Plan, 'upload' | 'reasons'> {
  if (plan.upload.length > 0 || tasks.length === 0) return { upload: plan.upload, reasons: [] };
  const detail = `${tasks.join(', ')} run${tasks.length === 1 ? 's' : ''}: the release goes up and the app restarts with ${tasks.length === 1 ? 'it' : 'them'}`;
  return { upload: [APP_NAME], reasons: [{ service: APP_NAME, action: 'upload', rule: 'steps', files: [], detail }] };
}

/** Why a release goes up again when the `current` link points to a deleted directory. */
export const LIVE_MISSING_DETAIL = "current points to a deleted directory: the live release's files go up again and the app restarts";

/**
 * The plan when the live release's directory is gone (`liveMissing`): the app's upload + restart,
 * even when nothing changed (a re-deploy of the live commit repairs the host). Otherwise as is.
 */
export function planWithLiveRestored(plan: Plan, liveMissing: boolean): Plan {
  if (!liveMissing || plan.upload.includes(APP_NAME)) return plan;
  const reason: Reason = { service: APP_NAME, action: 'upload', rule: 'live-missing', files: [], detail: LIVE_MISSING_DETAIL };
  return { ...plan, upload: [...plan.upload, APP_NAME], reasons: [...plan.reasons, reason] };
}

/**
 * The plan as executed: forced steps (first deploy, missing venv) added to `tasks` with a reason,
 * and the app's upload + restart whenever a step runs. Empty exactly when the deploy does nothing.
 */
export function planWithSteps(plan: Plan, steps: PassengerSteps, taskOrder: readonly string[]): Plan {
  const running = new Set(steps.tasks);
  if (steps.pip.run) running.add(PIP_TASK);
  if (steps.frontend?.run) running.add(FRONTEND_TASK);
  const reasons: Reason[] = [...plan.reasons];
  for (const task of running) {
    if (plan.tasks.includes(task)) continue;
    const pip = task === PIP_TASK && plan.from !== null;
    const rule = pip ? (steps.pip.inputs ? 'pip-inputs' : 'venv-missing') : 'unknown-from';
    const detail = pip ? steps.pip.why : 'first deploy: every step runs';
    reasons.push({ task, action: 'task', rule, files: (pip && steps.pip.inputs) || [], detail });
  }
  const tasks = taskOrder.filter((t) => running.has(t));
  const upload = uploadWithSteps(plan, tasks);
  return { ...plan, tasks, upload: upload.upload, reasons: [...reasons, ...upload.reasons] };
}
