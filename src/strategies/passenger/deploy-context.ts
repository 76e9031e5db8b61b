/** The state of one passenger deploy, shared by its steps, its rollback and its record. */
import type { Session } from '../../session/session.js';
import type { PassengerTarget } from '../../config/schema.js';
import type { Plan, PlannerConfig } from '../../plan/types.js';
import type { DeployState, ReleaseRecord } from '../../record/state-model.js';
import type { PassengerPaths } from './paths.js';
import type { PassengerSteps } from './steps.js';

/** What the deploy changed so far on the host (what a rollback must undo). */
export interface Progress {
  /** in-place: the upload into the live tree started */
  code: boolean;
  /** public_html was synced (after its snapshot) */
  frontend: boolean;
  /** releases: `current` points at the new release */
  switched: boolean;
  /** the app was restarted on the new code */
  restarted: boolean;
}

export interface PassengerDeploy {
  s: Session;
  target: PassengerTarget;
  paths: PassengerPaths;
  /** the user's config plus the built-in pip/frontend tasks */
  config: PlannerConfig;
  state: DeployState;
  previous?: ReleaseRecord;
  sha: string;
  /** the plan as executed (forced first-deploy / missing-venv steps included) */
  plan: Plan;
  steps: PassengerSteps;
  progress: Progress;
}

export function noProgress(): Progress {
  return { code: false, frontend: false, switched: false, restarted: false };
}
