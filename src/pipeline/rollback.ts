/**
 * A rollback through the same pipeline as a deploy: the "to" is a retained release (its files on the
 * host, its retained images) instead of a new upload, as Kamal's rollback re-uses its boot. The
 * runner locks, plans (deployed → target), runs the strategy's steps, undoes and records as for a deploy.
 */
import { withGithubDeployment } from '../github/with-deployment.js';
import { shortSha } from '../core/text.js';
import { loadState } from '../record/state-store.js';
import { resolveRollbackTarget } from '../rollback/choose.js';
import { warnSchemaNotReverted } from '../rollback/flow.js';
import type { DeploymentRef } from '../session/report.js';
import { phase, withLock, type Session } from '../session/session.js';
import { Progress, type DeployRun, type Strategy } from '../strategies/types.js';
import { computePlan } from './plan.js';
import { runPipeline } from './run.js';

/** Resolves the release to go back to (refusing unknown and failed ones), plans current → target, lets the strategy decide its steps. */
async function prepareRollback<R extends DeployRun>(s: Session, strategy: Strategy<R>): Promise<R> {
  const state = await loadState(s.conn.exec, s.target.path, s.targetName);
  const { current, target: to } = resolveRollbackTarget(state, s.settings.rollbackTo);
  s.reporter.info(`rolling back ${s.targetName} from ${shortSha(current.id)} to ${shortSha(to.id)}`);
  const settings = { ...s.settings, from: current.sha, to: to.sha };
  const planned = await phase(s, 'Plan', () => computePlan(settings, strategy.plannerConfig(s), s.reporter, s.report));
  warnSchemaNotReverted(s, planned.plan, current, to);
  const base: DeployRun = { s, state, previous: current, sha: to.sha, plan: planned.plan, progress: new Progress(), rollback: { to } };
  return strategy.prepare(base, planned);
}

/** `rollback` with a strategy's rollback variant: a dry run describes it, a real one runs the pipeline under the lock, in a GitHub Deployment. */
export async function rollbackWith<R extends DeployRun>(s: Session, strategy: Strategy<R>): Promise<void> {
  if (s.settings.dryRun) {
    s.report.notes.push(...strategy.describe(await prepareRollback(s, strategy)));
    return;
  }
  const state = await loadState(s.conn.exec, s.target.path, s.targetName);
  const wanted = resolveRollbackTarget(state, s.settings.rollbackTo).target;
  await withLock(s, wanted.sha, async () => {
    const run = await prepareRollback(s, strategy);
    const info = {
      ref: run.sha,
      task: 'deploy:rollback' as const,
      description: `rollback of ${s.targetName} from ${shortSha(run.previous!.id)} to ${shortSha(run.sha)}`,
      onCreated: (d: DeploymentRef) => (s.report.deployment = d),
    };
    await withGithubDeployment(s.settings, s.targetName, s.reporter, info, () => runPipeline(strategy, run));
  });
}
