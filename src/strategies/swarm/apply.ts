/** Runner: the apply step of a swarm run — a stack deploy, or image updates of the planned services — then the convergence watch. */
import { runInRegistrySession } from '../../apply/registry.js';
import { shellJoin } from '../../transport/quote.js';
import { healthExpectation, waitForHttp } from '../../verify/http-check.js';
import type { SecretRecord } from '../../record/state-model.js';
import { secretIdsArgs, serviceForceArgs, serviceImageArgs, serviceName, stackDeployLines } from './commands.js';
import { downNodes, globalServices, specVersions, updateStatuses, waitConverged } from './converge.js';
import { downNodesWarning } from './down-nodes.js';
import { tasksOf, waitTasksEnded } from './removal-wait.js';
import { composeDirOf, prunedBy, type SwarmRun } from './run.js';

/** The sh lines of the run's action (pure given the run). */
export function actionLines(d: SwarmRun, releaseId: string): string[] {
  const { stack } = d.target;
  const a = d.action;
  if (a.kind === 'stack')
    return stackDeployLines(composeDirOf(d, releaseId), d.s.config.compose.files, stack, d.refs, { auth: d.auth, prune: a.prune });
  return [
    ...a.images.map((sv) => shellJoin(serviceImageArgs(serviceName(stack, sv), d.refs[sv]!, d.auth))),
    ...a.restart.map((sv) => shellJoin(serviceForceArgs(serviceName(stack, sv)))),
  ];
}

/** The swarm names of the services the action changes. */
export function actionServices(d: SwarmRun): string[] {
  const a = d.action;
  const services = a.kind === 'stack' ? a.services.filter((sv) => !d.plan.remove.includes(sv)) : [...a.images, ...a.restart];
  return services.map((sv) => serviceName(d.target.stack, sv));
}

/** Runs the action on the manager (their UpdateStatus, and the tasks of the services it removes, noted first: the revert and the watch read them). */
export async function applySwarm(d: SwarmRun): Promise<void> {
  const lines = actionLines(d, d.sha);
  if (lines.length === 0) return d.s.reporter.info('no swarm service to change');
  const exec = d.s.conn.exec;
  const names = actionServices(d);
  const update = d.action.kind === 'update';
  const [statuses, versions, removing] = await Promise.all([
    updateStatuses(exec, names),
    update ? specVersions(exec, names) : new Map<string, string>(),
    tasksOf(exec, prunedBy(d)),
  ]);
  d.removing.push(...removing);
  for (const [n, version] of versions) d.versions.set(n, version);
  for (const [n, status] of statuses) d.changed.set(n, status);
  d.s.reporter.info(lines.filter((l) => l.startsWith('docker ')).join('\n'));
  await runInRegistrySession(exec, d.reg, lines, d.action.kind === 'stack' ? `stack deploy of ${d.target.stack}` : 'service update');
}

/** A converged run with global services while nodes are down says so: their tasks there are not updated yet. */
async function warnDownNodes(d: SwarmRun): Promise<void> {
  if (d.changed.size === 0) return;
  const down = await downNodes(d.s.conn.exec);
  const warning = down.length > 0 ? downNodesWarning(down, await globalServices(d.s.conn.exec, [...d.changed.keys()])) : '';
  if (warning) d.s.reporter.warning(warning);
}

/** The removed services' tasks stopped on their nodes, each changed service converged (swarm's update_config decides), then health.url from the manager. */
export async function verifySwarm(d: SwarmRun): Promise<void> {
  const { health } = d.target;
  await waitTasksEnded(d.s.conn.exec, d.removing, health.timeout);
  if (d.removing.length > 0) d.s.reporter.info(`removed services stopped: ${[...new Set(d.removing.map((t) => t.service))].join(', ')}`);
  await waitConverged(d.s.conn.exec, d.changed, health.timeout);
  if (d.changed.size > 0) d.s.reporter.info(`converged: ${[...d.changed.keys()].join(', ')}`);
  await warnDownNodes(d);
  if (health.url) await waitForHttp(d.s.conn.exec, healthExpectation(health));
}

/**
 * The release's secrets as swarm holds them once the run went live: its ID for each and the sha256
 * of the release's file (the content it holds: a stack deploy creates a secret from the file, and
 * swarm refuses to give one it holds another content), for a later run to compare (objects.ts).
 */
export async function secretRecords(d: SwarmRun): Promise<Record<string, SecretRecord> | undefined> {
  if (d.secrets.size === 0) return undefined;
  const out = (await d.s.conn.exec.run(secretIdsArgs([...d.secrets.keys()]), { allowFailure: true })).stdout;
  const ids = new Map(out.split('\n').flatMap((l) => (l.trim().split(' ').length === 2 ? [l.trim().split(' ') as [string, string]] : [])));
  const records = [...d.secrets].flatMap(([name, sha256]) => (ids.has(name) ? [[name, { id: ids.get(name)!, sha256 }] as const] : []));
  return records.length > 0 ? Object.fromEntries(records) : undefined;
}
