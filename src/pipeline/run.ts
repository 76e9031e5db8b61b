/**
 * The deploy pipeline: lock → plan → backup → upload → build → switch → apply → tasks → verify →
 * record, each phase in a reporter group with timing (phase()). The strategy says what each phase
 * does; the runner tracks how far the run got (Progress), undoes exactly that on failure, and
 * writes the audit line, the state and the release report once.
 */
import { currentRelease } from '../record/state-model.js';
import { loadState } from '../record/state-store.js';
import { phase, withLock, type Session } from '../session/session.js';
import { Progress, type DeployRun, type Strategy } from '../strategies/types.js';
import { computePlan, resolveTo } from './plan.js';
import { newRelease, recordFailure, recordSuccess } from './record.js';
import { revertFailed } from './revert.js';

/** Reads the deployed state, plans from the deployed revision to `to`, and lets the strategy decide its steps. */
async function prepareRun<R extends DeployRun>(s: Session, strategy: Strategy<R>, to: string): Promise<R> {
  const state = await loadState(s.conn.exec, s.target.path, s.targetName);
  const previous = currentRelease(state);
  const planned = await phase(s, 'Plan', () =>
    computePlan({ ...s.settings, to }, strategy.plannerConfig(s), s.reporter, s.report, previous?.sha ?? null),
  );
  const base: DeployRun = { s, state, previous, sha: planned.to, plan: planned.plan, progress: new Progress() };
  return strategy.prepare(base, planned);
}

/** A deploy of `s.settings.to` with `strategy`: a dry run describes it, a real one runs it under the deploy lock. */
export async function deployWith<R extends DeployRun>(s: Session, strategy: Strategy<R>): Promise<void> {
  if (s.settings.dryRun) {
    s.report.notes.push(...strategy.describe(await prepareRun(s, strategy, s.settings.to)));
    return;
  }
  const sha = await resolveTo(s.settings);
  await withLock(s, sha, async () => runPipeline(strategy, await prepareRun(s, strategy, sha)));
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

/** Everything after the plan: preflight (backup), the steps, and the record or the revert. */
export async function runPipeline<R extends DeployRun>(strategy: Strategy<R>, run: R): Promise<void> {
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
    await runSteps(run, strategy.steps(run));
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
