/**
 * Passenger targets plan their built-in steps as planner tasks, so `plan` shows them with reasons:
 * `pip-install` (paths: the requirements file) before the user's tasks, `frontend` (paths:
 * frontend.paths, default every file) after them. User tasks (migrations…) run on the host.
 */
import { posix } from 'node:path';
import type { Config, PassengerTarget } from '../config/schema.js';
import { PASSENGER_TASK_NAMES } from '../config/rules.js';
import type { PlannerConfig, TaskConfig } from '../plan/types.js';

export const PIP_TASK = PASSENGER_TASK_NAMES.pip;
export const FRONTEND_TASK = PASSENGER_TASK_NAMES.frontend;

/** Repo-relative path of the requirements file (app_root is relative to the repository root). */
export function requirementsPath(target: PassengerTarget): string {
  return posix.normalize(posix.join(target.app_root, target.requirements));
}

/** The planner config for a passenger target: the user's rules and tasks plus the built-in steps. */
export function passengerPlannerConfig(config: PlannerConfig, target: PassengerTarget): PlannerConfig {
  const pip: TaskConfig = { command: `pip install -r ${target.requirements}`, paths: [requirementsPath(target)] };
  const tasks: Record<string, TaskConfig> = { [PIP_TASK]: pip, ...config.tasks };
  if (target.frontend) tasks[FRONTEND_TASK] = { command: target.frontend.build, paths: target.frontend.paths ?? ['**'] };
  // passenger deploys run no compose: their plans read no compose file
  return { ...config, compose: { ...config.compose, files: [] }, tasks };
}

/** The planner config the `plan` command uses: with the built-in steps when the target is passenger. */
export function plannerConfigFor(config: Config, targetName: string | undefined): PlannerConfig {
  const names = Object.keys(config.targets);
  const name = targetName ?? (names.length === 1 ? names[0] : undefined);
  const target = name === undefined ? undefined : config.targets[name];
  return target?.strategy === 'passenger' ? passengerPlannerConfig(config, target) : config;
}

/** The user's tasks of a passenger plan, in plan (declaration) order, without the built-in steps. */
export function userTasks(taskNames: readonly string[]): string[] {
  return taskNames.filter((t) => t !== PIP_TASK && t !== FRONTEND_TASK);
}
