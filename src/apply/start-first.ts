/**
 * `rollout: start-first` (docker-rollout style): a service that runs M containers and should run N
 * (its `scale` or `deploy.replicas`, else M) gets N new ones beside them (`up --no-recreate --scale
 * S=M+N`), and once all are healthy (and still are after `overlap`: one without a healthcheck is
 * ready as soon as it runs, and may crash after) the old ones are stopped and removed by id. Compose then counts N containers with the current definition: a later `up`
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

/**
 * A new container is ready when it runs and is healthy (running is enough without a healthcheck).
 * One that Docker restarted has crashed (its restart policy starts it again): failed.
 */
export function readinessOf(c: Pick<ContainerInfo, 'status' | 'health'> & { restarts?: number }): Readiness {
  if (c.status === 'exited' || c.status === 'dead' || c.health === 'unhealthy' || (c.restarts ?? 0) > 0) return 'failed';
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

/** What is wrong with a new container that is not ready (gone, crashed and restarted, unhealthy, exited, or still waiting). */
function whatIsWrong(c: ContainerInfo | undefined): string {
  if (!c) return 'it is gone';
  if (c.restarts > 0) return `it crashed and Docker restarted it ${c.restarts} time${c.restarts > 1 ? 's' : ''}`;
  if (c.health === 'unhealthy') return 'it is unhealthy';
  return readinessOf(c) === 'failed' ? `it is ${c.status}` : `it is ${c.status}/${c.health}`;
}

async function waitReady(ctx: StartFirstContext, project: string, id: string): Promise<string | undefined> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    const c = (await projectContainers(ctx.exec, project)).find((x) => x.id === id);
    const state = c ? readinessOf(c) : 'failed';
    if (state === 'ready') return undefined;
    if (state === 'failed') return whatIsWrong(c);
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

/** After the overlap: the first new container that is no longer ready (it exited, crashed, turned unhealthy), if any. */
async function lateProblem(ctx: StartFirstContext, project: string, ids: string[]): Promise<string | undefined> {
  const now = await projectContainers(ctx.exec, project);
  for (const id of ids) {
    const c = now.find((x) => x.id === id);
    if (!c || readinessOf(c) !== 'ready') return `during the overlap, ${whatIsWrong(c)}`;
  }
  return undefined;
}

/** The new containers are removed (the old ones still serve), and the replacement fails. */
async function giveUp(ctx: StartFirstContext, service: string, fresh: string[], problem: string): Promise<never> {
  if (fresh.length > 0) await ctx.exec.run(removeContainersArgs(fresh, true), { allowFailure: true });
  throw new StartFirstFailed(service, problem);
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
  if (problem !== undefined) await giveUp(ctx, service, fresh, problem);
  const ready = fresh.map((id) => id.slice(0, 12)).join(', ');
  const left = (ctx.overlapMs ?? 0) - (now() - started);
  const many = old.length > 1;
  const olds = `the old container${many ? 's' : ''}`;
  const then =
    left > 0
      ? `${olds} serve${many ? '' : 's'} ${(left / 1000).toFixed(1)} s more (overlap: a proxy's DNS cache may still send requests there), then ${many ? 'are' : 'is'} stopped and removed`
      : `stopping and removing ${olds}`;
  ctx.reporter.info(`start-first ${service}: ${ready} ${n > 1 ? 'are' : 'is'} ready; ${then}`);
  if (left > 0) {
    await (ctx.sleep ?? pause)(left);
    // a container without a healthcheck is ready as soon as it runs: one that crashed since must not replace the old ones
    const late = await lateProblem(ctx, inv.project, fresh);
    if (late !== undefined) await giveUp(ctx, service, fresh, late);
  }
  await ctx.exec.run(stopContainersArgs(old, ctx.stopGraceSeconds));
  await ctx.exec.run(removeContainersArgs(old));
  return true;
}
