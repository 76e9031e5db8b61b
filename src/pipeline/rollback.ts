/**
 * A rollback through the same pipeline as a deploy: the "to" is a retained release (its files on the
 * host, its retained images) instead of a new upload, as Kamal's rollback re-uses its boot. The
 * runner locks, plans once (deployed → target), runs the strategy's steps on each host, undoes and
 * records as for a deploy.
 */
import { withGithubDeployment } from '../github/with-deployment.js';
import { shortSha } from '../core/text.js';
import { loadState } from '../record/state-store.js';
import { resolveRollbackTarget } from '../rollback/choose.js';
import { warnSchemaNotReverted } from '../rollback/flow.js';
import type { DeploymentRef } from '../session/report.js';
import { hostSessions, phase, withLocks, type Session } from '../session/session.js';
import type { DeployRun, Planned, Strategy } from '../strategies/types.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { computePlan } from './plan.js';
import { runOnHosts, type FromState } from './run.js';

/** A host's releases: the one live there, and the one the rollback goes back to (refusing unknown and failed ones). */
const retainedFrom =
  (spec?: string): FromState =>
  (state) => {
    const { current, target } = resolveRollbackTarget(state, spec);
    return { previous: current, rollback: { to: target } };
  };

/**
 * Plans current → target once (on the first host's state), warning when the schema is not reverted.
 * The strategy's probe of the host is sent alongside the state read and awaited after the plan (its
 * round trip overlaps both; its result is first needed by the strategy's prepare).
 */
async function planRollback(s: Session, strategy: Strategy) {
  const reading = loadState(s.conn.exec, s.target.path, s.targetName);
  const probing = strategy.probe?.(s);
  // awaited below; when the state read or the plan fails first, its failure must not go unhandled
  probing?.catch(() => undefined);
  const state = await reading;
  const from = retainedFrom(s.settings.rollbackTo);
  const { previous: current, rollback } = from(state);
  const planned = await planRollbackOf(s, strategy, current!, rollback!.to);
  return { state, from, probed: await probing, ...planned };
}

/** The plan of going from `current` back to `to` (said in the log; the schema warning when migrations differ). */
export async function planRollbackOf(s: Session, strategy: Strategy, current: ReleaseRecord, to: ReleaseRecord) {
  const back = `${s.targetName} from ${shortSha(current.id)} to ${shortSha(to.id)}`;
  s.reporter.info(`rolling back ${back}`);
  const settings = { ...s.settings, from: current.sha, to: to.sha };
  const planned = await phase(s, 'Plan', () => computePlan(settings, strategy.plannerConfig(s), s.reporter, s.report));
  warnSchemaNotReverted(s, planned.plan, current, to);
  return { planned, description: `rollback of ${back}` };
}

/** Runs `fn` in the GitHub Deployment of a rollback (with a token; the report notes the deployment). */
export function inRollbackDeployment(s: Session, planned: Planned, description: string, fn: () => Promise<void>): Promise<void> {
  const onCreated = (d: DeploymentRef): unknown => (s.report.deployment = d);
  const info = { ref: planned.to, task: 'deploy:rollback' as const, description, onCreated };
  return withGithubDeployment(s.settings, s.targetName, s.reporter, info, fn);
}

/** `rollback` with a strategy's rollback variant: a dry run describes it, a real one runs the pipeline under the locks, in a GitHub Deployment. */
export async function rollbackWith<R extends DeployRun>(s: Session, strategy: Strategy<R>): Promise<void> {
  const hosts = hostSessions(s);
  if (s.settings.dryRun) {
    const { state, from, planned, probed } = await planRollback(s, strategy as Strategy);
    return runOnHosts(hosts, strategy, planned, from, state, probed);
  }
  // the strategy's lock-independent reads (e.g. which compose runs) overlap the state read and the lock
  for (const h of hosts) strategy.warmUp?.(h);
  const wanted = retainedFrom(s.settings.rollbackTo)(await loadState(s.conn.exec, s.target.path, s.targetName)).rollback!.to;
  await withLocks(hosts, wanted.sha, async () => {
    const { state, from, planned, description, probed } = await planRollback(s, strategy as Strategy);
    await inRollbackDeployment(s, planned, description, () => runOnHosts(hosts, strategy, planned, from, state, probed));
  });
}
