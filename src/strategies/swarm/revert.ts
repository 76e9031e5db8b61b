/**
 * The undo of a failed swarm run: `current` back, then the services it changed back on the previous
 * release — swarm's own `docker service rollback` for image updates (skipped where swarm already
 * rolled back), a stack deploy of the previous release for a changed definition.
 */
import { runInRegistrySession } from '../../apply/registry.js';
import { shortSha } from '../../core/text.js';
import { switchCurrentScript } from '../../sync/layout.js';
import { shellJoin } from '../../transport/quote.js';
import type { RevertOutcome } from '../types.js';
import { serviceName, serviceRollbackArgs, stackDeployLines } from './commands.js';
import { lookAt, specVersions, updateStatuses, waitConverged } from './converge.js';
import { refsOf } from '../../apply/swarm-service-list.js';
import { composeDirOf, prunedBy, type SwarmRun } from './run.js';

/** sh lines of the revert (pure): `rollingBack` are the services swarm is already rolling back. */
export function revertLines(d: SwarmRun, rollingBack: readonly string[]): string[] {
  const previous = d.previous!;
  if (d.action.kind === 'stack') {
    const refs = refsOf(previous.images);
    return stackDeployLines(composeDirOf(d, previous.id), d.s.config.compose.files, d.target.stack, refs, { auth: d.auth, prune: true });
  }
  return [...d.changed.keys()].filter((n) => !rollingBack.includes(n)).map((n) => shellJoin(serviceRollbackArgs(n)));
}

/** The changed services swarm rolls back by itself (its update status says rollback). */
async function rollingBackNow(d: SwarmRun, names: readonly string[]): Promise<string[]> {
  const seen = await Promise.all(names.map(async (n) => [n, await lookAt(d.s.conn.exec, n, d.changed.get(n))] as const));
  return seen.flatMap(([n, c]) => (c.state === 'failed' && c.rolledBack ? [n] : []));
}

/**
 * An update's services whose spec the run did not change are left out of `changed` (its script may
 * have stopped part-way): `docker service rollback` would put them on an older spec still.
 */
async function keepChanged(d: SwarmRun): Promise<void> {
  if (d.action.kind !== 'update' || d.versions.size === 0) return;
  const now = await specVersions(d.s.conn.exec, [...d.versions.keys()]);
  for (const [n, before] of d.versions) if (before !== '' && now.get(n) === before) d.changed.delete(n);
}

/**
 * The changed services split into those the revert puts back, and those a stack deploy created
 * (not on the swarm before the run, or never created when the stack deploy failed): the previous
 * release's stack deploy (`--prune`) removes them, so there is nothing of theirs to look at.
 */
function splitAdded(d: SwarmRun): [string[], string[]] {
  const names = [...d.changed.keys()];
  if (d.action.kind !== 'stack') return [names, []];
  const before = new Set(d.existing.map((sv) => serviceName(d.target.stack, sv)));
  return [names.filter((n) => before.has(n)), names.filter((n) => !before.has(n))];
}

export async function revertSwarm(d: SwarmRun): Promise<RevertOutcome> {
  const previous = d.previous!;
  const exec = d.s.conn.exec;
  if (d.progress.has('switch')) await exec.sh(switchCurrentScript(d.layout, previous.id));
  if (d.progress.has('apply')) await keepChanged(d);
  const pruned = d.progress.has('apply') ? prunedBy(d) : [];
  if (!d.progress.has('apply') || (d.changed.size === 0 && pruned.length === 0))
    return { rolledBack: false, description: `nothing went live: the services still run ${shortSha(previous.id)}` };
  const [names, added] = splitAdded(d);
  const bySwarm = await rollingBackNow(d, names);
  const lines = revertLines(d, bySwarm);
  const before = await updateStatuses(exec, [...names, ...pruned]);
  if (lines.length > 0) await runInRegistrySession(exec, d.reg, lines, `revert of ${d.target.stack}`);
  await waitConverged(exec, before, d.target.health.timeout, { rollingBack: true });
  const how = d.action.kind === 'stack' ? 'stack deploy of the previous release' : 'docker service rollback';
  const swarm = bySwarm.length ? `; swarm had rolled back ${bySwarm.join(', ')} itself` : '';
  const gone = added.length ? `; ${added.join(', ')} (new in the failed release) removed` : '';
  const back = [...names, ...pruned].join(', ');
  return { rolledBack: true, description: `reverted to ${shortSha(previous.id)}: ${back} back (${how})${gone}${swarm}` };
}
