/**
 * The seam between the pipeline runner (src/pipeline) and what is specific to one way of running an
 * app (src/strategies/<name>). The runner locks, plans, records and undoes; a strategy says what
 * each phase does on the host. A new strategy is one folder implementing `Strategy` plus one line
 * in ./index.ts.
 */
import type { BackupResult } from '../backup/types.js';
import type { Plan, PlanInput, PlannerConfig } from '../plan/types.js';
import type { DeployState, ReleaseRecord } from '../record/state-model.js';
import type { Session } from '../session/session.js';
import type { ExecResult } from '../transport/types.js';

/** The host-changing phases, in the runner's order (a strategy may skip some, or switch last). */
export type PhaseName = 'upload' | 'build' | 'switch' | 'apply' | 'tasks' | 'verify';

/**
 * What a revert may have to undo: the phases a run entered, plus finer marks a strategy sets itself
 * (passenger: `code`, `frontend`, `publicHtmlTasks`, see strategies/passenger/deploy-context.ts).
 */
export type Milestone = PhaseName | 'code' | 'frontend' | 'publicHtmlTasks';

/** How far a run got, tracked once: the runner marks each phase as it enters it. */
export class Progress {
  private readonly done = new Set<Milestone>();
  reach(m: Milestone): void {
    this.done.add(m);
  }
  has(m: Milestone): boolean {
    return this.done.has(m);
  }
  list(): Milestone[] {
    return [...this.done];
  }
}

/** The plan the runner computed (git side in src/pipeline/plan.ts). */
export interface Planned {
  plan: Plan;
  to: string;
  input: PlanInput;
  /**
   * A rollout over hosts on different releases (coverLiveReleases): the compose services of each
   * live release, by its sha. A host's undo goes back to its own release's services, not to those of
   * `input.composeFrom` (the oldest release).
   */
  liveServices?: Record<string, string[]>;
}

/**
 * Where a rollback's release comes from: a retained release (its directory or snapshot on the host,
 * its retained images) instead of a new upload. What the run found on the way is noted here too.
 */
export interface RetainedSource {
  /** the release going back into service */
  to: ReleaseRecord;
  /** restore-db: the pre-deploy backup restored before anything else changed */
  restored?: { file: string; sha256: string };
  /** restore-db: the backup whose load started and did not finish (engine without one transaction): the database may be partly restored */
  loading?: { file: string; sha256: string };
  /** services whose retained image was gone, rebuilt from the release's files */
  rebuilt?: string[];
}

/** What every run shares, whatever the strategy. */
export interface DeployRun {
  s: Session;
  state: DeployState;
  /** the release live when the run started */
  previous?: ReleaseRecord;
  /** the commit going live */
  sha: string;
  /** the plan as executed (what the audit line and report show) */
  plan: Plan;
  progress: Progress;
  /** set for a rollback: the run puts a retained release back (then `previous` is the release undone) */
  rollback?: RetainedSource;
  /** what the strategy's `probe` read on this host before the plan (absent: prepare reads it itself) */
  probed?: HostProbe;
}

/** The raw outputs of a strategy's reads of the host made before the plan, by name (parsed by the strategy). */
export type HostProbe = Readonly<Record<string, string>>;

/** One phase as a strategy runs it: `title` is its reporter group and report name (none: runs ungrouped). */
export interface Step {
  phase: PhaseName;
  title?: string;
  run(): Promise<unknown>;
}

export interface RevertOutcome {
  /** the new release had gone live and the previous one is back */
  rolledBack: boolean;
  description: string;
}

/** Methods (not function properties): a Strategy<ComposeRun> is usable where a Strategy<DeployRun> is expected. */
export interface Strategy<R extends DeployRun = DeployRun> {
  /** the planner config of this target (passenger adds its built-in steps) */
  plannerConfig(s: Session): PlannerConfig;
  /**
   * A deploy's first reads of the host besides the state (e.g. which compose runs there), in one
   * round trip sent alongside the state read, before the plan; prepare gets them as `base.probed`.
   * Never throws for what it read: the strategy parses it where it would have read it.
   */
  probe?(s: Session, sent?: ExecResult): Promise<HostProbe>;
  /**
   * The script of probe's read that needs the lock: a single-host deploy sends it in the lock's
   * round trip (with the state read) and gives probe its result as `sent`.
   */
  probeScript?(s: Session): string;
  /**
   * A real deploy calls it first, before the lock: it may start the reads of `probe` that do not
   * depend on the lock (e.g. which compose the host runs), so they overlap the lock and the plan.
   */
  warmUp?(s: Session): void;
  /** after the Plan phase: reads what else it needs from the host (unless probed) and decides its steps */
  prepare(base: DeployRun, planned: Planned): Promise<R>;
  /** dry-run lines: what a deploy would do */
  describe(run: R): string[];
  /** why this run changes nothing at all (no backup, no upload), or undefined */
  idle(run: R): string | undefined;
  /**
   * once per deploy, after the plan and before the first host's preflight (`primary`: the first
   * host's session): e.g. build and push the images. What it returns runs when the run has ended
   * on every host, failed or not (e.g. remove a build the hosts shared).
   */
  publish?(primary: Session, planned: Planned): Promise<(() => Promise<void>) | void>;
  /** before anything changes: repair, shared-path checks, the pre-deploy backup */
  preflight(run: R): Promise<BackupResult | undefined>;
  /** first host change, inside the undo scope (e.g. the in-progress record) */
  begin(run: R): Promise<void>;
  /** upload → build → switch → apply → tasks → verify, as this strategy runs them */
  steps(run: R): Step[];
  /** a failure without a previous release still runs the revert (else the runner only notes it) */
  readonly revertsFirstDeploy: boolean;
  /** undoes exactly what `run.progress` says was reached */
  revert(run: R): Promise<RevertOutcome>;
  /** after the record (success) or the revert (failure: `failed` set, with the revert's outcome when one ran): temporary files, markers */
  finish(run: R, failed?: { revert?: RevertOutcome }): Promise<void>;
  /** what `finish` does on success as a script, run in the record's round trip once the state and audit line are written */
  finishScript?(run: R): string | undefined;
  /** the release record before it is saved (e.g. its images) */
  completeRelease(run: R, release: ReleaseRecord): Promise<void>;
  /** after the state is saved: what the release keeps besides its record (frontend copy); never throws */
  keep?(run: R, release: ReleaseRecord): Promise<void>;
  /** the same as a script run in the record's round trip (image tags), with what to say when it fails */
  keepScript?(run: R, release: ReleaseRecord): { script: string; onFailure(detail: string): void } | undefined;
  /** a failed run (not a rollback, not a re-run of the live commit): drops what it kept early (image tags); never throws */
  dropKept?(run: R): Promise<void>;
  /** the audit line's services */
  auditServices(plan: Plan): Record<string, string[]>;
  /** the script whose output `prune` decides on, run in the record's round trip */
  pruneListing?(run: R): string | undefined;
  /**
   * The prune decided before the record (on a listing read earlier), run inside the record's script
   * with `report` given its output; undefined: `prune` runs after the record, on its listing
   */
  prunePlan?(run: R, state: DeployState): { script?: string; report(stdout: string): void } | undefined;
  /** drops release copies the state no longer retains (`listing`: what `pruneListing` printed) */
  prune(run: R, state: DeployState, listing?: string): Promise<unknown>;
}
