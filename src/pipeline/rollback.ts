/**
 * A rollback through the same pipeline as a deploy: the "to" is a retained release (its files on the
 * host, its retained images) instead of a new upload, as Kamal's rollback re-uses its boot. The
 * runner locks, plans once (deployed → target), runs the strategy's steps on each host, undoes and
 * records as for a deploy.
 */
import { withGithubDeployment } from '../github/with-deployment.js';
import { shortSha } from '../core/text.js';
import { loadHostState } from '../record/state-store.js';
import { resolveRollbackTarget } from '../rollback/choose.js';
import { warnSchemaNotReverted } from '../rollback/flow.js';
import type { DeploymentRef } from '../session/report.js';
import { hostSessions, phase, withLock, withLocks, type Session } from '../session/session.js';
import type { DeployRun, Planned, Strategy } from '../strategies/types.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { computePlan, readPlanInputAhead } from './plan.js';
import { lockedReads, runOnHosts, type FromState } from './run.js';
import type { ExecResult } from '../transport/types.js';

/** A host's releases: the one live there, and the one the rollback goes back to (refusing unknown and failed ones). */
const retainedFrom =
  (spec?: string): FromState =>
  (state) => {
    const { current, target } = resolveRollbackTarget(state, spec);
    return { previous: current, rollback: { to: target } };
  };

/**
 * Plans current → target once (on the first host's state), warning when the schema is not reverted.
 * The strategy's probe of the host goes with the state read (`sent`: both already run in the lock's
 * round trip; else sent side by side now) and is awaited after the plan (its result is first needed
 * by the strategy's prepare).
 */
async function planRollback(s: Session, strategy: Strategy, sent: ExecResult[] = [], ahead?: PlanAhead) {
  const [stateRead, probeRead] = sent;
  const reading = loadHostState(s, stateRead);
  const probing = strategy.probe?.(s, probeRead);
  // awaited below; when the state read or the plan fails first, its failure must not go unhandled
  probing?.catch(() => undefined);
  const state = await reading;
  const from = retainedFrom(s.settings.rollbackTo);
  const { previous: current, rollback } = from(state);
  const planned = await planRollbackOf(s, strategy, current!, rollback!.to, ahead);
  return { state, from, probed: await probing, ...planned };
}

/** The plan's git reading of current → to, started before the lock (readPlanInputAhead). */
type PlanAhead = { from: string; to: string; read: ReturnType<typeof readPlanInputAhead> };

const rollbackSettings = (s: Session, current: ReleaseRecord, to: ReleaseRecord) => ({ ...s.settings, from: current.sha, to: to.sha });

/** Starts the plan's git reading of current → to now: it overlaps the lock's round trip. */
function planAhead(s: Session, strategy: Strategy, current: ReleaseRecord, to: ReleaseRecord): PlanAhead {
  return { from: current.sha, to: to.sha, read: readPlanInputAhead(rollbackSettings(s, current, to), strategy.plannerConfig(s)) };
}

/**
 * The plan of going from `current` back to `to` (said in the log; the schema warning when migrations
 * differ). `ahead`: its git reading started earlier, used when it is of the same two releases.
 */
export async function planRollbackOf(s: Session, strategy: Strategy, current: ReleaseRecord, to: ReleaseRecord, ahead?: PlanAhead) {
  const back = `${s.targetName} from ${shortSha(current.id)} to ${shortSha(to.id)}`;
  s.reporter.info(`rolling back ${back}`);
  const settings = rollbackSettings(s, current, to);
  const read = ahead?.from === settings.from && ahead.to === settings.to ? ahead.read : undefined;
  const retained = Object.keys(to.images ?? {});
  const planned = await phase(s, 'Plan', () =>
    computePlan(settings, strategy.plannerConfig(s), s.reporter, s.report, undefined, read, retained),
  );
  warnSchemaNotReverted(s, planned.plan, current, to);
  return { planned, description: `rollback of ${back}` };
}

/** Runs `fn` in the GitHub Deployment of a rollback (with a token; the report notes the deployment). */
export function inRollbackDeployment(s: Session, planned: Planned, description: string, fn: () => Promise<void>): Promise<void> {
  const onCreated = (d: DeploymentRef): unknown => (s.report.deployment = d);
  const info = { ref: planned.to, task: 'deploy:rollback' as const, description, onCreated };
  return withGithubDeployment(s.settings, s.targetName, s.reporter, info, fn);
}

/**
 * `rollback` with a strategy's rollback variant: a dry run describes it, a real one runs the pipeline
 * under the locks, in a GitHub Deployment. The state is read once before the lock: an unknown or
 * missing target is refused before anything is locked, the lock records the sha going back, and the
 * plan's git reading starts. Under the lock the plan reads the state again (another run may have
 * changed it meanwhile), with the strategy's probe, in the lock's own round trip.
 */
export async function rollbackWith<R extends DeployRun>(s: Session, strategy: Strategy<R>): Promise<void> {
  const hosts = hostSessions(s);
  const run = async (sent?: ExecResult[], ahead?: PlanAhead): Promise<void> => {
    const { state, from, planned, description, probed } = await planRollback(s, strategy as Strategy, sent, ahead);
    const go = (): Promise<void> => runOnHosts(hosts, strategy, planned, from, state, probed);
    return s.settings.dryRun ? go() : inRollbackDeployment(s, planned, description, go);
  };
  if (s.settings.dryRun) return run();
  // the strategy's lock-independent reads (e.g. which compose runs) overlap the state read and the lock
  for (const h of hosts) strategy.warmUp?.(h);
  const { previous: current, rollback } = retainedFrom(s.settings.rollbackTo)(await loadHostState(s));
  const ahead = planAhead(s, strategy as Strategy, current!, rollback!.to);
  if (hosts.length > 1) return withLocks(hosts, rollback!.to.sha, () => run(undefined, ahead));
  // one host: the record's script may release the lock as its last step (handOffUnlock)
  await withLock(s, rollback!.to.sha, (sent) => run(sent, ahead), lockedReads(s, strategy as Strategy), { handOff: true });
}
