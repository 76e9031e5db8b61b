import type { Executor } from '../transport/types.js';
import type { ComposeInvocation } from '../apply/compose-command.js';
import { projectContainers, type ContainerInfo } from '../apply/project-containers.js';
import { hasFinished } from '../apply/one-shot.js';
import type { Seen } from '../apply/wait-started.js';
import { restartedSince } from './restarted-since.js';

export type HealthVerdict = { state: 'ok' } | { state: 'waiting'; detail: string } | { state: 'failed'; detail: string };

/**
 * Judges `docker inspect` lines "<name> <status> <health|none> [<exit code> <restart policy|->]"
 * (pure). An exited one-shot that finished its job (one-shot.ts, the Apply wait's rule) is done.
 */
export function judgeContainers(lines: string[]): HealthVerdict {
  const waiting: string[] = [];
  for (const line of lines) {
    const [name = '?', status = '', health = 'none', code, policy] = line.trim().split(/\s+/);
    if (status === 'exited' && health !== 'unhealthy' && code !== undefined && hasFinished(Number(code), policy)) continue;
    if (status === 'exited' || status === 'dead' || health === 'unhealthy')
      return { state: 'failed', detail: `${name.replace(/^\//, '')} is ${health === 'unhealthy' ? 'unhealthy' : status}` };
    if (status !== 'running' || (health !== 'healthy' && health !== 'none')) waiting.push(`${name.replace(/^\//, '')} ${status}/${health}`);
  }
  return waiting.length === 0 ? { state: 'ok' } : { state: 'waiting', detail: waiting.join(', ') };
}

/**
 * Waits until every container of the services runs and is healthy (when it has a healthcheck):
 * one `docker ps` + `docker inspect` round trip per poll. Returns every container of the project
 * as the last poll read it (undefined without services: nothing was read). `held`: containers a wait
 * saw before, with their restart counts then; any poll that finds one restarted since fails.
 */
export async function waitForContainers(
  exec: Executor,
  inv: ComposeInvocation,
  services: readonly string[],
  timeoutMs: number,
  pollMs = 300,
  held: readonly Seen[] = [],
): Promise<ContainerInfo[] | undefined> {
  if (services.length === 0) return undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await projectContainers(exec, inv.project);
    const crashed = restartedSince(held, all);
    if (crashed) throw new Error(crashed);
    const containers = all.filter((c) => services.includes(c.service));
    const missing = services.filter((s) => !containers.some((c) => c.service === s));
    if (missing.length > 0) throw new Error(`service ${missing.join(', ')} has no container after up`);
    const verdict = judgeContainers(
      containers.map((c) => `${c.service} ${c.status} ${c.health} ${c.exitCode ?? '?'} ${c.restartPolicy ?? '-'}`),
    );
    if (verdict.state === 'ok') return all;
    if (verdict.state === 'failed') throw new Error(`health check failed: ${verdict.detail}`);
    if (Date.now() >= deadline) throw new Error(`health check timed out after ${Math.round(timeoutMs / 1000)} s: ${verdict.detail}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
