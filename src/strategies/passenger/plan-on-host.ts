/**
 * The plan a passenger deploy executes: the planner's plan (code → upload + restart, ignored →
 * nothing) with the host's facts applied (a missing virtualenv runs pip and takes the release with
 * it). `deploy` and `plan --target` (with an SSH key) both take it from here, so they agree.
 */
import type { PassengerTarget } from '../../config/schema.js';
import type { Plan, PlannerConfig } from '../../plan/types.js';
import type { Executor } from '../../transport/types.js';
import { venvExists } from './host-steps.js';
import { passengerPaths } from './paths.js';
import { decideSteps, planWithSteps, type PassengerSteps } from './steps.js';

export async function planOnHost(
  exec: Executor,
  target: PassengerTarget,
  config: PlannerConfig,
  planned: Plan,
): Promise<{ plan: Plan; steps: PassengerSteps }> {
  const hasVenv = await venvExists(exec, passengerPaths(target).venv);
  const taskOrder = Object.keys(config.tasks);
  const steps = decideSteps(planned, { venvExists: hasVenv, hasFrontend: target.frontend !== undefined, taskOrder });
  return { plan: planWithSteps(planned, steps, taskOrder), steps };
}
