/**
 * The plan a passenger deploy executes: the planner's plan (code → upload + restart, ignored →
 * nothing) with the host's facts applied (a missing virtualenv runs pip and takes the release with
 * it; a `current` link to a deleted release uploads it again). `deploy` and `plan --target` (with an SSH key) both take it from here, so they agree.
 */
import type { PassengerTarget } from '../../config/schema.js';
import type { Plan, PlannerConfig } from '../../plan/types.js';
import type { Executor } from '../../transport/types.js';
import { danglingCurrentScript } from '../../sync/layout.js';
import { venvCheckScript } from './python-scripts.js';
import { passengerPaths, type PassengerPaths } from './paths.js';
import { decideSteps, planWithLiveRestored, planWithSteps, type PassengerSteps } from './steps.js';

/** Script (pure): the host facts the plan needs, in one round trip: `yes`/`no` (the venv), then `dangling` when `current` points to no directory. */
export function hostFactsScript(paths: PassengerPaths): string {
  return [venvCheckScript(paths.venv), ...(paths.releases ? [danglingCurrentScript(paths.layout)] : [])].join('\n');
}

/** What hostFactsScript printed. */
export function parseHostFacts(stdout: string): { venvExists: boolean; liveMissing: boolean } {
  const lines = stdout.split('\n').map((l) => l.trim());
  return { venvExists: lines.includes('yes'), liveMissing: lines.includes('dangling') };
}

export async function planOnHost(
  exec: Executor,
  target: PassengerTarget,
  config: PlannerConfig,
  planned: Plan,
  pipInputs: readonly string[] = [],
): Promise<{ plan: Plan; steps: PassengerSteps }> {
  const facts = parseHostFacts((await exec.sh(hostFactsScript(passengerPaths(target)))).stdout);
  const taskOrder = Object.keys(config.tasks);
  const steps = decideSteps(planned, { venvExists: facts.venvExists, hasFrontend: target.frontend !== undefined, taskOrder, pipInputs });
  return { plan: planWithLiveRestored(planWithSteps(planned, steps, taskOrder), facts.liveMissing), steps };
}
