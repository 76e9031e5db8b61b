/** `deploy`: a dry run describes it; a real one runs it under the deploy locks of every host, on one host or rolled over several. */
import { currentRelease, type DeployState } from '../record/state-model.js';
import { loadHostState } from '../record/state-store.js';
import { hostSessions, phase, withLock, withLocks, type Session } from '../session/session.js';
import type { DeployRun, HostProbe, Planned, Strategy } from '../strategies/types.js';
import type { ExecResult } from '../transport/types.js';
import { computePlan, refuseMissingLfs, resolveTo } from './plan.js';
import { planRollout, rollOut, rolloutSessions } from './rolling.js';
import { lockedReads, prepareOn, runOnHosts, type FromState } from './run.js';

const deployed: FromState = (state) => ({ previous: currentRelease(state) });

/**
 * Plans once, from the revision the host records as deployed to `to`. The strategy's probe of the
 * host is sent alongside the state read (the connection runs both at once) and is awaited only
 * after the plan, which does not need it.
 */
async function planDeployOf(
  s: Session,
  strategy: Strategy,
  to: string,
  sent: ExecResult[] = [],
): Promise<{ state: DeployState; planned: Planned; probed?: HostProbe }> {
  const [stateRead, probeRead] = sent;
  const probing = strategy.probe?.(s, probeRead);
  // awaited below: should the state read or the plan fail first, its failure is not left unhandled
  probing?.catch(() => undefined);
  const state = await loadHostState(s, stateRead);
  const previous = currentRelease(state);
  const settings = { ...s.settings, to };
  const planned = await phase(s, 'Plan', async () =>
    refuseMissingLfs(
      settings,
      await computePlan(settings, strategy.plannerConfig(s), s.reporter, s.report, previous?.sha ?? null),
      s.target,
    ),
  );
  return { state, planned, probed: await probing };
}

/**
 * Before the locks: the strategy's reads that change nothing on a host and need no lock start now,
 * so they overlap the lock and the plan. (The SSH master is not started here: a run killed while
 * its master is still authenticating would leave that master behind, out of the agent's reach.)
 */
function warmUp(hosts: Session[], strategy: Strategy): void {
  for (const h of hosts) strategy.warmUp?.(h);
}

/** Several hosts: the dry run plans as the rollout would and describes the primary's part. */
async function describeRollout<R extends DeployRun>(s: Session, hosts: Session[], strategy: Strategy<R>): Promise<void> {
  const { states, planned } = await planRollout(s, hosts, strategy as Strategy, s.settings.to);
  s.report.notes.push(...strategy.describe(await prepareOn(s, strategy, planned, deployed, states[0])));
}

/**
 * A deploy of `s.settings.to` with `strategy`: all hosts' locks are taken (in order) before anything else runs.
 * `resolving`: the resolution of `to`, when the caller started it already (it is awaited here, so
 * its error comes where it always did).
 */
export async function deployWith<R extends DeployRun>(
  s: Session,
  strategy: Strategy<R>,
  resolving: () => Promise<string> = () => resolveTo(s.settings),
): Promise<void> {
  const hosts = hostSessions(s);
  if (hosts.length > 1) {
    const own = rolloutSessions(s, hosts);
    if (s.settings.dryRun) return describeRollout(s, own, strategy);
    warmUp(own, strategy as Strategy);
    const sha = await resolving();
    return withLocks(own, sha, () => rollOut(s, own, strategy, sha));
  }
  const run = async (to: string, sent?: ExecResult[]): Promise<void> => {
    const { state, planned, probed } = await planDeployOf(s, strategy as Strategy, to, sent);
    const done = s.settings.dryRun ? undefined : await strategy.publish?.(hosts[0]!, planned);
    try {
      await runOnHosts(hosts, strategy, planned, deployed, state, probed);
    } finally {
      await done?.();
    }
  };
  if (s.settings.dryRun) return run(s.settings.to);
  warmUp(hosts, strategy as Strategy);
  const sha = await resolving();
  // one host: the record's script may release the lock as its last step (handOffUnlock)
  await withLock(s, sha, (sent) => run(sha, sent), lockedReads(s, strategy as Strategy), { handOff: true });
}
