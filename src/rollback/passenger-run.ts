/** What every step of a passenger rollback shares. */
import type { PassengerDeploy } from '../strategies/passenger/deploy-context.js';
import type { PassengerRollbackSteps } from './passenger-steps.js';
import type { Retained } from './types.js';

/**
 * A passenger rollback: the deploy's view of the target (session, paths, planner config) with its own
 * step decisions. Its progress marks (what its undo puts back): `code` (in-place: the target's code
 * restored into the live tree, after a snapshot of the current one), `build` (pip started on the
 * target's requirements), `frontend` (public_html restored, after a copy of the live one), `switch`
 * (releases: `current` switched; both layouts: the app restarted on the target's code).
 */
export type PassengerRollback = Retained<Omit<PassengerDeploy, 'steps' | 'built'>> & { steps: PassengerRollbackSteps };
