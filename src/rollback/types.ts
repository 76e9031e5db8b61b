/** What every step of a compose rollback shares. */
import type { ComposeInvocation } from '../apply/compose-command.js';
import type { PlannedRun } from '../pipeline/plan.js';
import type { Session } from '../session/session.js';
import type { ComposeTarget } from '../config/schema.js';
import type { DeployState, ReleaseRecord } from '../record/state-model.js';
import type { Layout } from '../sync/layout.js';

export interface RollbackRun {
  s: Session;
  target: ComposeTarget;
  layout: Layout;
  /** releases layout (else in-place) */
  releases: boolean;
  state: DeployState;
  /** the release being undone */
  current: ReleaseRecord;
  /** the release going back into service */
  to: ReleaseRecord;
  /** the planner run in reverse: from the current release to the target */
  planned: PlannedRun;
  /** compose from `current` (or the in-place root) */
  inv: ComposeInvocation;
}

/** A release id or sha as shown in logs and notes (the rollback modules' name for shortSha). */
export { shortSha as short } from '../core/text.js';
