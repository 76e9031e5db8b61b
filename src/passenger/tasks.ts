/**
 * Passenger targets plan their built-in steps as planner tasks, so `plan` shows them with reasons:
 * `pip-install` (paths: the requirements file) before the user's tasks, `frontend` (paths:
 * frontend.paths; without them, with every upload) after them. The app itself is planned as one
 * unit (AppConfig): a changed file no ignore rule claims uploads the release and restarts it.
 * User tasks (migrations…) run on the host.
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

/** Name of the app in a passenger plan ("app  upload + restart  app-code: backend/main.py"). */
export const APP_NAME = 'app';

/** The planner config for a passenger target: the user's rules and tasks plus the built-in steps and the app. */
export function passengerPlannerConfig(config: PlannerConfig, target: PassengerTarget): PlannerConfig {
  const pip: TaskConfig = { command: `pip install -r ${target.requirements}`, paths: [requirementsPath(target)] };
  const tasks: Record<string, TaskConfig> = { [PIP_TASK]: pip, ...config.tasks };
  const fe = target.frontend;
  if (fe) tasks[FRONTEND_TASK] = fe.paths ? { command: fe.build, paths: fe.paths } : { command: fe.build };
  // a frontend without paths is built with every upload, so an ignored file (docs) builds nothing
  const withCode = fe && !fe.paths ? [FRONTEND_TASK] : [];
  // passenger deploys run no compose: their plans read no compose file
  return { ...config, compose: { ...config.compose, files: [] }, tasks, app: { name: APP_NAME, withCode } };
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
