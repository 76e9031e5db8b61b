/** What every step of a passenger rollback shares. */
import type { PassengerDeploy } from '../strategies/passenger/deploy-context.js';
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

/** A passenger rollback: the deploy's view of the target (session, paths, planner config) plus its own steps. */
export interface PassengerRollback extends RollbackStart, Pick<PassengerDeploy, 's' | 'target' | 'paths' | 'config'> {
  steps: PassengerRollbackSteps;
  progress: RollbackProgress;
}

export function noRollbackProgress(): RollbackProgress {
  return { code: false, pip: false, frontend: false, switched: false };
}
