/** The state of one passenger deploy, shared by its steps, its revert and its record. */
import type { PassengerTarget } from '../../config/schema.js';
import type { PlannerConfig } from '../../plan/types.js';
import type { DeployRun, Planned } from '../types.js';
import type { BuiltFrontend } from './frontend.js';
import type { PassengerPaths } from './paths.js';
import type { PassengerSteps } from './steps.js';
import type { StagedTree } from '../../sync/stage-tree.js';

/**
 * A passenger run. Its progress marks (what a revert undoes): `code` (in-place: the upload into the
 * live tree started, after the snapshot), `frontend` (public_html synced after its snapshot),
 * `publicHtmlTasks` (public_html snapshotted before the user tasks, which may write into it),
 * `switch` (`current` switched in the releases layout, and the app restarted on the new code).
 */
export interface PassengerDeploy extends DeployRun {
  target: PassengerTarget;
  paths: PassengerPaths;
  /** the user's config plus the built-in pip/frontend tasks */
  config: PlannerConfig;
  steps: PassengerSteps;
  /** what the run deploys (one object for every host of a rollout: the key of its one frontend build) */
  planned: Planned;
  /** the frontend built on the runner (when it runs) */
  built?: BuiltFrontend;
  /** this run removes `built` when it finishes (false: the build is shared by the hosts of the run) */
  ownsBuilt?: boolean;
  /** in place: pip runs after the code sync, in the live tree (a local editable requirement, see installPip) */
  pipInLiveTree?: boolean;
  /** in place: the new tree exported and staged for pip (installPip), kept until the code upload sends the live tree from it */
  staged?: StagedTree;
  /** the frontend sync moves what it removes from public_html there (frontend-guard.ts) */
  frontendRemovedTo?: string;
}
