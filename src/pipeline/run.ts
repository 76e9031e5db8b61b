/**
 * The deploy pipeline: lock → plan → backup → upload → build → switch → apply → tasks → verify →
 * record, each phase in a reporter group with timing (phase()). The strategy says what each phase
 * does; the runner tracks how far the run got (Progress), undoes exactly that on failure, and
 * writes the audit line, the state and the release report once.
 */
import type { DeployState } from '../record/state-model.js';
import { loadHostState, stateReadScript } from '../record/state-store.js';
import { phase, type Session } from '../session/session.js';
import { Progress, type DeployRun, type HostProbe, type Planned, type Strategy } from '../strategies/types.js';
import { warnUnmatched } from './plan.js';
import { newRelease, recordFailure, recordSuccess } from './record.js';
import { revertFailed } from './revert.js';

/** What a run takes from a host's state: the release live there (for a rollback, also the retained one going back). */
export type FromState = (state: DeployState) => Pick<DeployRun, 'previous' | 'rollback'>;

/**
 * What a single-host deploy or rollback reads under the lock, sent in the lock's round trip: the
 * state, then the strategy's probe (the plan gets their results in this order, withLock's `sent`).
 */
export const lockedReads = (s: Session, strategy: Strategy): string[] => [
  stateReadScript(s.target.path),
  ...(strategy.probeScript ? [strategy.probeScript(s)] : []),
];

/** On one host: its state (read unless given), then the strategy's reading of the host (what it probed, if given) and its steps. */
export async function prepareOn<R extends DeployRun>(
  h: Session,
  strategy: Strategy<R>,
  planned: Planned,
  from: FromState,
  state?: DeployState,
  probed?: HostProbe,
): Promise<R> {
  const st = state ?? (await loadHostState(h));
  const base: DeployRun = { s: h, state: st, ...from(st), sha: planned.to, plan: planned.plan, progress: new Progress(), probed };
  return strategy.prepare(base, planned);
}

/**
 * A planned run on every host of the target, in order: the plan is made once (on the first host's
 * state and what was probed there), the host-level phases run per host, each from that host's state. A dry run describes the first.
 * Unmatched files are named first, as a warning (warnUnmatched).
 */
export async function runOnHosts<R extends DeployRun>(
  hosts: Session[],
  strategy: Strategy<R>,
  planned: Planned,
  from: FromState,
  first: DeployState,
  probed?: HostProbe,
): Promise<void> {
  const [s] = hosts;
  warnUnmatched(s!.reporter, s!.report, planned.plan);
  if (s!.settings.dryRun) {
    s!.report.notes.push(...strategy.describe(await prepareOn(s!, strategy, planned, from, first, probed)));
    return;
  }
  for (const h of hosts) {
    const run = h === s ? prepareOn(h, strategy, planned, from, first, probed) : prepareOn(h, strategy, planned, from);
    await runPipeline(strategy, await run);
  }
}

/** Runs a step list: each step's phase is marked reached as it starts, inside its group. */
async function runSteps(run: DeployRun, steps: ReturnType<Strategy['steps']>): Promise<void> {
  for (const step of steps) {
    const go = async (): Promise<void> => {
      run.progress.reach(step.phase);
      await step.run();
    };
    await (step.title ? phase(run.s, step.title, go) : go());
  }
}

/**
 * Everything after the plan: preflight (backup), the steps, and the record or the revert.
 * `tasks: false` leaves the tasks out (a host of a rolling deploy other than the primary).
 */
export async function runPipeline<R extends DeployRun>(strategy: Strategy<R>, run: R, options: { tasks?: boolean } = {}): Promise<void> {
  const { s } = run;
  const idle = strategy.idle(run);
  if (idle) {
    s.reporter.info(idle);
    s.report.notes.push(idle);
    return;
  }
  s.report.release = run.sha;
  s.report.previousRelease = run.previous?.id;
  const backup = await strategy.preflight(run);
  const release = newRelease(run, backup);
  try {
    await strategy.begin(run);
    await runSteps(
      run,
      strategy.steps(run).filter((step) => options.tasks !== false || step.phase !== 'tasks'),
    );
  } catch (e) {
    const outcome = await revertFailed(strategy, run);
    await recordFailure(strategy, run, release, e as Error);
    await strategy.finish(run, { revert: outcome });
    throw e;
  }
  await phase(s, 'Record', async () => {
    await recordSuccess(strategy, run, release);
    await strategy.finish(run);
  });
}
