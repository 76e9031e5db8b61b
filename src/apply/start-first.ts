/**
 * `rollout: start-first` (docker-rollout style): a service that runs M containers and should run N
 * (its `scale` or `deploy.replicas`, else M) gets N new ones beside them (`up --no-recreate --scale
 * S=M+N`), and once all are healthy the old ones are stopped and removed by id. Compose then counts N containers with the current definition: a later `up`
 * keeps them. On failure the new container is removed and the old one keeps serving. Containers are found
 * by compose's labels (project-containers.ts), the same for v1 (`app_web_1`) and v2 (`app-web-1`).
 */
import type { Reporter } from '../core/reporter.js';
import type { Executor } from '../transport/types.js';
import { composeBase, checkServices, projectContainersArgs, type ComposeInvocation } from './compose-command.js';
import { projectContainers, type ContainerInfo } from './project-containers.js';

/** `up -d --no-deps --no-build --no-recreate --scale S=count S`: adds containers, leaves the running ones alone. */
export function scaleUpArgs(c: ComposeInvocation, service: string, count: number): string[] {
  checkServices([service]);
  return [...composeBase(c), 'up', '-d', '--no-deps', '--no-build', '--no-recreate', '--scale', `${service}=${count}`, service];
}

/**
 * `docker stop -t N ids` (N: seconds the containers get after SIGTERM); without N, each container's
 * own stop timeout (compose sets it from the service's stop_grace_period; else Docker's 10 s).
 */
export function stopContainersArgs(ids: string[], graceSeconds?: number): string[] {
  const t = graceSeconds === undefined ? [] : ['-t', String(Math.max(0, Math.ceil(graceSeconds)))];
  return ['docker', 'stop', ...t, ...ids];
}

/** `docker rm [-f] ids` */
export function removeContainersArgs(ids: string[], force = false): string[] {
  return ['docker', 'rm', ...(force ? ['-f'] : []), ...ids];
}

export type Readiness = 'ready' | 'waiting' | 'failed';

/** A new container is ready when it runs and is healthy (running is enough without a healthcheck). */
export function readinessOf(c: Pick<ContainerInfo, 'status' | 'health'>): Readiness {
  if (c.status === 'exited' || c.status === 'dead' || c.health === 'unhealthy') return 'failed';
  if (c.status === 'running' && (c.health === 'healthy' || c.health === 'none')) return 'ready';
  return 'waiting';
}

export interface StartFirstContext {
  exec: Executor;
  reporter: Reporter;
  /** how long the new container may take to become ready */
  timeoutMs: number;
  /** seconds the old container gets to finish after SIGTERM */
  stopGraceSeconds: number;
  /** containers the service declares (`scale`, `deploy.replicas`); else as many as run now */
  replicas?: number;
  pollMs?: number;
  /** the least time the new and the old containers both run, from the new ones' start (`overlap`; default 0) */
  overlapMs?: number;
  /** the clock and the pause (tests pass their own) */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const idsOf = async (exec: Executor, project: string, service: string): Promise<string[]> =>
  (await exec.run(projectContainersArgs(project, service))).stdout.split('\n').filter(Boolean);

/** The new container failed: it was removed and the old one still serves (the undo need not touch the service). */
export class StartFirstFailed extends Error {
  constructor(
    readonly service: string,
    problem: string,
  ) {
    super(`start-first ${service}: the new container failed (${problem}); it was removed, the old one still serves`);
  }
}

async function waitReady(ctx: StartFirstContext, project: string, id: string): Promise<string | undefined> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    const c = (await projectContainers(ctx.exec, project)).find((x) => x.id === id);
    const state = c ? readinessOf(c) : 'failed';
    if (state === 'ready') return undefined;
    if (state === 'failed') return c ? `it is ${c.health === 'unhealthy' ? 'unhealthy' : c.status}` : 'it is gone';
    if (Date.now() >= deadline) return `not healthy after ${Math.round(ctx.timeoutMs / 1000)} s (${c!.status}/${c!.health})`;
    await (ctx.sleep ?? pause)(ctx.pollMs ?? 500);
  }
}

/** Waits for each new container in turn (they start together); the first problem, if any. */
async function firstProblem(ctx: StartFirstContext, project: string, ids: string[]): Promise<string | undefined> {
  for (const id of ids) {
    const problem = await waitReady(ctx, project, id);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Replaces a service start-first: N new containers beside the old ones, N being what the service
 * declares (`scale`, `deploy.replicas`), else as many as run now. Returns false when the service has no running container to keep
 * serving, or has a stopped one (the caller runs a plain `up` then). Throws, with the old container still serving, when the new
 * one does not become ready.
 */
export async function replaceStartFirst(ctx: StartFirstContext, inv: ComposeInvocation, service: string): Promise<boolean> {
  const containers = (await projectContainers(ctx.exec, inv.project)).filter((c) => c.service === service);
  // nothing serving, or a stopped container `up` would start again on its old definition: a plain up
  if (containers.length === 0 || containers.some((c) => c.status !== 'running')) return false;
  const old = containers.map((c) => c.id);
  const n = ctx.replicas ?? old.length;
  ctx.reporter.info(`start-first ${service}: ${n} new container${n > 1 ? 's' : ''} beside ${old.map((id) => id.slice(0, 12)).join(', ')}`);
  const now = ctx.now ?? Date.now;
  await ctx.exec.run(scaleUpArgs(inv, service, old.length + n));
  const started = now();
  const fresh = (await idsOf(ctx.exec, inv.project, service)).filter((id) => !old.includes(id));
  const problem =
    fresh.length === n
      ? await firstProblem(ctx, inv.project, fresh)
      : `expected ${n} new container${n > 1 ? 's' : ''}, found ${fresh.length}`;
  if (problem !== undefined) {
    if (fresh.length > 0) await ctx.exec.run(removeContainersArgs(fresh, true), { allowFailure: true });
    throw new StartFirstFailed(service, problem);
  }
  const ready = fresh.map((id) => id.slice(0, 12)).join(', ');
  const left = (ctx.overlapMs ?? 0) - (now() - started);
  const many = old.length > 1;
  const olds = `the old container${many ? 's' : ''}`;
  const then =
    left > 0
      ? `${olds} serve${many ? '' : 's'} ${(left / 1000).toFixed(1)} s more (overlap: a proxy's DNS cache may still send requests there), then ${many ? 'are' : 'is'} stopped and removed`
      : `stopping and removing ${olds}`;
  ctx.reporter.info(`start-first ${service}: ${ready} ${n > 1 ? 'are' : 'is'} ready; ${then}`);
  if (left > 0) await (ctx.sleep ?? pause)(left);
  await ctx.exec.run(stopContainersArgs(old, ctx.stopGraceSeconds));
  await ctx.exec.run(removeContainersArgs(old));
  return true;
}
