/** Contract types of the planner. Everything here is plain data: the planner is pure. */
import type { ComposeModel } from '../compose/types.js';

export type { ComposeDiff, ComposeModel, ComposeService, FileObject } from '../compose/types.js';

/** git status letter of a changed file (rename/copy carry the old path). */
export type FileStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

export interface ChangedFile {
  /** repo-relative POSIX path at `to` (for a delete: the deleted path) */
  path: string;
  status: FileStatus;
  /** for R and C: the repo-relative path at `from` */
  oldPath?: string;
}

export type ServiceList = string[] | 'all';

export interface RuleConfig {
  name: string;
  paths: string[];
  build?: ServiceList;
  recreate?: ServiceList;
  restart?: ServiceList;
  no_cache?: boolean;
  tasks?: string[];
  ignore?: boolean;
}

export interface TaskConfig {
  /** compose service to run in (compose targets: always set, see config/cross-refs.ts); passenger: unused */
  service?: string;
  command: string;
  paths?: string[];
  /**
   * On a first deploy (unknown `from`): undefined → runs when its service is deployed (passenger:
   * always); true → runs; false → does not run.
   */
  first_deploy?: boolean;
  /** compose services this task runs before: when the plan also recreates or restarts one, that happens after the tasks (task-order.ts) */
  before?: string[];
}

/**
 * An app deployed as a whole, without a compose model (passenger targets): every changed file that
 * no `ignore` rule claims means "upload the release and restart the app" (plan.upload, rule
 * "app-code"), whatever rule also matched it. Compose files and the compose model are not read.
 */
export interface AppConfig {
  /** name shown in plans (e.g. "app") */
  name: string;
  /** tasks that run with every upload (e.g. a frontend build without `paths`), in declaration order */
  withCode: string[];
}

/** The part of the config file the planner reads (the validated Config satisfies it). */
export interface PlannerConfig {
  compose: {
    /** repo-relative directory of the compose files ("." = root) */
    directory: string;
    /** file names relative to `directory`, merged in order */
    files: string[];
    /** the compose project (`-p`): names the image of a built service without `image:` */
    project?: string;
    /** per-service options (compose targets): `rollout: start-first` starts the new container beside the old one; `stop_grace` (ms) overrides stop_grace_period */
    services?: Record<string, { rollout?: 'stop-first' | 'start-first'; singleton?: boolean; stop_grace?: number }>;
  };
  rules: RuleConfig[];
  /** declaration order is execution order */
  tasks: Record<string, TaskConfig>;
  /** set for passenger targets (see AppConfig); compose targets plan per service */
  app?: AppConfig;
  /** the targets of the config file: a compose target's `backup.service` must be in the compose model */
  targets?: Record<string, { strategy: string; backup?: object; shared?: string[]; layout?: string }>;
}

export interface PlanInput {
  from: string | null;
  to: string;
  changes: ChangedFile[];
  config: PlannerConfig;
  /** compose model at `from` (null when from is unknown or compose files did not exist) */
  composeFrom: ComposeModel | null;
  composeTo: ComposeModel;
  /** contents at `to` of every .dockerignore file the planner may need, keyed by repo-relative path */
  dockerignores: Record<string, string>;
  /** optional: every symlink at `to` (repo-relative path → its target as stored): a bind mount or env_file through one reads its target */
  symlinks?: Record<string, string>;
  /** optional: every tracked file at `to`, to warn about rules that can never match */
  trackedFiles?: string[];
  /** optional: the submodules (gitlinks) at `to`: a deploy uploads none of their files */
  submodules?: string[];
  /** why `from` is null, when it is */
  fromUnknownReason?: string;
}

export type Action = 'build' | 'recreate' | 'restart' | 'remove' | 'upload' | 'task' | 'ignore';

export interface Reason {
  /** a service name, or the task name for action "task" */
  service?: string;
  task?: string;
  action: Action;
  /** rule name, or "compose" (compose file diff), "build-context", "bind-mount", "env_file", "task-paths", "unknown-from", "app-code", "shared-image", "linked-service", "compose-content" (an inline config/secret changed: force-recreate.ts) */
  rule: string;
  files: string[];
  /** free-text explanation when files do not tell it all (e.g. why `from` is unknown) */
  detail?: string;
}

export interface Plan {
  from: string | null;
  /** why `from` is null (nothing deployed yet, history rewritten, not looked up): planned as a first deploy */
  fromUnknownReason?: string;
  to: string;
  changedFiles: string[];
  build: string[];
  noCache: string[];
  recreate: string[];
  restart: string[];
  remove: string[];
  /** apps (AppConfig) whose release is uploaded and which are restarted: passenger targets */
  upload: string[];
  tasks: string[];
  /** services of build/recreate replaced start-first (new container beside the old one); absent when none */
  startFirst?: string[];
  /** services applied (up, restart) after the tasks because a planned task lists them in `before`; absent when none */
  afterTasks?: string[];
  /** services of build a rollback puts back on the retained image its release recorded (no build); absent outside rollbacks */
  reuse?: string[];
  /**
   * seconds between SIGTERM and SIGKILL of the stopped services that set one (`compose.services.<s>.stop_grace`,
   * else compose's `stop_grace_period`); the apply passes it as `--timeout`. Absent when none does (Docker's 10 s)
   */
  stopGrace?: Record<string, number>;
  unmatched: string[];
  reasons: Reason[];
  warnings: string[];
}
