/** What a rollback run adds to a deploy run of its strategy: the release undone and the retained one going back. */
import type { ReleaseRecord } from '../record/state-model.js';
import type { DeployRun, RetainedSource } from '../strategies/types.js';

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
