/** Runner: the apply step of a swarm run — a stack deploy, or image updates of the planned services — then the convergence watch. */
import { runInRegistrySession } from '../../apply/registry.js';
import { shellJoin } from '../../transport/quote.js';
import { healthExpectation, waitForHttp } from '../../verify/http-check.js';
import { serviceForceArgs, serviceImageArgs, serviceName, stackDeployLines } from './commands.js';
import { specVersions, updateStatuses, waitConverged } from './converge.js';
import { composeDirOf, type SwarmRun } from './run.js';

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

/** Runs the action on the manager (their UpdateStatus noted first: the revert and the watch read it). */
export async function applySwarm(d: SwarmRun): Promise<void> {
  const lines = actionLines(d, d.sha);
  if (lines.length === 0) return d.s.reporter.info('no swarm service to change');
  const exec = d.s.conn.exec;
  const names = actionServices(d);
  const update = d.action.kind === 'update';
  const [statuses, versions] = await Promise.all([
    updateStatuses(exec, names),
    update ? specVersions(exec, names) : new Map<string, string>(),
  ]);
  for (const [n, version] of versions) d.versions.set(n, version);
  for (const [n, status] of statuses) d.changed.set(n, status);
  d.s.reporter.info(lines.filter((l) => l.startsWith('docker ')).join('\n'));
  await runInRegistrySession(exec, d.reg, lines, d.action.kind === 'stack' ? `stack deploy of ${d.target.stack}` : 'service update');
}

/** Each changed service converged (swarm's update_config decides), then health.url from the manager. */
export async function verifySwarm(d: SwarmRun): Promise<void> {
  const { health } = d.target;
  await waitConverged(d.s.conn.exec, d.changed, health.timeout);
  if (d.changed.size > 0) d.s.reporter.info(`converged: ${[...d.changed.keys()].join(', ')}`);
  if (health.url) await waitForHttp(d.s.conn.exec, healthExpectation(health));
}
