/**
 * A rollback over several hosts: one target release, resolved on the primary and checked to be
 * recorded and still kept on every host before anything changes (all hosts' locks held), then rolled
 * in the `rolling:` batches, primary first, through the same runner as a rolling deploy. restore-db
 * restores on the primary only (the database lives with it). A host that fails stops the rollout,
 * and the hosts this run already rolled back go forward again to the release they had.
 */
import { batchSize, hostLabel, hostsOf } from '../config/hosts.js';
import type { HostState } from '../record/oldest-release.js';
import { currentRelease, type ReleaseRecord } from '../record/state-model.js';
import { loadHostState } from '../record/state-store.js';
import { fleetRollbackTarget, prunedRefusal, retainedDirOf } from '../rollback/fleet.js';
import { hostSessions, phase, withLocks, type Session } from '../session/session.js';
import type { DeployRun, Strategy } from '../strategies/types.js';
import { shellQuote as q } from '../transport/quote.js';
import { inRollbackDeployment, planRollbackOf } from './rollback.js';
import { rollOutPlanned, rolloutSessions } from './rolling.js';
import { prepareOn, type FromState } from './run.js';

/** Each host's session: its own report; the backup and restore-db on the primary only. */
function fleetSessions(s: Session): Session[] {
  return rolloutSessions(s, hostSessions(s)).map((h, i) => (i === 0 ? h : { ...h, settings: { ...h.settings, restoreDb: false } }));
}

/** On each host: its live release undone, its own record of the target going back. */
const backTo =
  (id: string): FromState =>
  (state) => ({ previous: currentRelease(state), rollback: { to: state.releases.find((r) => r.id === id)! } });

/** Every host's state, then the one target (refused when the hosts disagree or one lacks it). */
async function chooseTarget(hosts: Session[], labels: string[], spec?: string) {
  const states = await Promise.all(hosts.map((h) => loadHostState(h)));
  const byHost: HostState[] = states.map((state, i) => ({ host: labels[i]!, state }));
  return { states, ...fleetRollbackTarget(byHost, spec) };
}

/** Refuses, naming the hosts, when one of them no longer keeps the target's directory (or snapshot). */
async function requireKept(hosts: Session[], labels: string[], target: ReleaseRecord): Promise<void> {
  const checks = await Promise.all(
    hosts.map(async (h, i) => {
      const dir = retainedDirOf(h.target, target.id);
      if (!dir) return undefined;
      const r = await h.conn.exec.sh(`test -d ${q(dir)}`, { allowFailure: true });
      return r.code === 0 ? undefined : { host: labels[i]!, dir };
    }),
  );
  const pruned = checks.filter((c) => c !== undefined);
  if (pruned.length > 0) throw prunedRefusal(target, pruned);
}

/** `rollback` of a target with several hosts: a dry run describes the primary's part; a real one rolls every host back under all locks. */
export async function rollBackHosts<R extends DeployRun>(s: Session, strategy: Strategy<R>): Promise<void> {
  const hosts = fleetSessions(s);
  const labels = hostsOf(s.target).map(hostLabel);
  const spec = s.settings.rollbackTo;
  if (s.settings.dryRun) {
    const { states, current, target } = await chooseTarget(hosts, labels, spec);
    await requireKept(hosts, labels, target);
    const { planned } = await planRollbackOf(s, strategy as Strategy, current, target);
    s.report.notes.push(
      `rollback over ${hosts.length} hosts, ${batchSize(hosts.length, s.target.rolling.batch)} at a time, primary ${labels[0]} first`,
    );
    s.report.notes.push(...strategy.describe(await prepareOn(hosts[0]!, strategy, planned, backTo(target.id), states[0])));
    return;
  }
  const wanted = (await chooseTarget(hosts, labels, spec)).target;
  await withLocks(hosts, wanted.sha, async () => {
    const { states, current, target } = await chooseTarget(hosts, labels, spec);
    await phase(s, 'Check', () => requireKept(hosts, labels, target));
    const { planned, description } = await planRollbackOf(s, strategy as Strategy, current, target);
    const plan = { states, labels, planned, from: backTo(target.id) };
    await inRollbackDeployment(s, planned, description, () => rollOutPlanned(s, hosts, strategy, plan));
  });
}
