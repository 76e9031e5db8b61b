/** What every step of a passenger rollback shares. */
import type { Session } from '../commands/session.js';
import type { PassengerTarget } from '../config/schema.js';
import type { PassengerPaths } from '../passenger/paths.js';
import type { PlannerConfig } from '../plan/types.js';
import type { RollbackStart } from './flow.js';
import type { PassengerRollbackSteps } from './passenger-steps.js';

/** What the rollback changed so far on the host (what its undo must put back). */
export interface RollbackProgress {
  /** in-place: the target's code was restored into the live tree (after a snapshot of the current one) */
  code: boolean;
  /** pip started on the target's requirements */
  pip: boolean;
  /** public_html was restored (after a copy of the current one) */
  frontend: boolean;
  /** releases: `current` was switched; both layouts: the app was restarted on the target's code */
  switched: boolean;
}

export interface PassengerRollback extends RollbackStart {
  s: Session;
  target: PassengerTarget;
  paths: PassengerPaths;
  /** the user's config plus the built-in pip/frontend tasks */
  config: PlannerConfig;
  steps: PassengerRollbackSteps;
  progress: RollbackProgress;
}

export function noRollbackProgress(): RollbackProgress {
  return { code: false, pip: false, frontend: false, switched: false };
}
