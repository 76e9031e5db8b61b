/** What a rollback run adds to a deploy run of its strategy: the release undone and the retained one going back. */
import type { BackupResult } from '../backup/types.js';
import type { ReleaseRecord } from '../record/state-model.js';
import type { PassengerDeploy } from '../strategies/passenger/deploy-context.js';
import type { DeployRun, RetainedSource } from '../strategies/types.js';
import type { DbRestore } from './flow.js';
import type { PassengerRollbackSteps } from './passenger-steps.js';

export type Retained<R extends DeployRun> = R & {
  /** the release being undone (the run's `previous`) */
  current: ReleaseRecord;
  /** the release going back into service (`rollback.to`) */
  to: ReleaseRecord;
  rollback: RetainedSource;
};

/** The run of a strategy, seen as a rollback (the pipeline sets `previous` and `rollback`). */
export function retained<R extends DeployRun>(run: R): Retained<R> {
  return { ...run, current: run.previous!, to: run.rollback!.to, rollback: run.rollback! };
}

/**
 * A passenger rollback: the deploy's view of the target (session, paths, planner config) with its own
 * step decisions. Its progress marks (what its undo puts back): `code` (in-place: the target's code
 * restored into the live tree, after a snapshot of the current one), `build` (pip started on the
 * target's requirements), `frontend` (public_html restored, after a copy of the live one), `switch`
 * (releases: `current` switched; both layouts: the app restarted on the target's code).
 */
export type PassengerRollback = Retained<Omit<PassengerDeploy, 'steps' | 'built'>> & RollbackDb & { steps: PassengerRollbackSteps };

/** restore-db's marks (db-restore.ts): the choice checked in preflight, and the safety backup taken before the restore. */
export interface RollbackDb {
  /** restore-db: checked in preflight, restored once the target's code is ready */
  db?: DbRestore;
  /** the safety backup taken before that restore: what the undo puts back */
  dbSafety?: BackupResult;
}
