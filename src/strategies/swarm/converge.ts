/** Runner: watches the services a run changed until swarm has converged them, failed them, or the timeout. */
import type { Executor } from '../../transport/types.js';
import { serviceStatusArgs, serviceVersionArgs } from './commands.js';
import { downNodesCause, nodeListArgs, parseDownNodes, type DownNode } from './down-nodes.js';
import { parseServiceLook, serviceLookScript, stalledOn } from './stalled-update.js';
import { judgeService, parseServiceStatus, type Convergence } from './status.js';

/**
 * One look at a service: its status, then its tasks and the nodes in one round trip. An update (not
 * the revert's rollback) that waits on a task of a down node fails at once: it cannot finish before
 * the node comes back.
 */
export async function lookAt(exec: Executor, name: string, before: string | undefined, rollingBack = false): Promise<Convergence> {
  const status = parseServiceStatus((await exec.run(serviceStatusArgs(name))).stdout);
  const look = parseServiceLook((await exec.sh(serviceLookScript(name), { allowFailure: true })).stdout);
  const c = judgeService(name, status, before, look.tasks, { rollingBack });
  const down = c.state === 'waiting' && !rollingBack ? stalledOn(status.update, before, look) : [];
  return c.state === 'waiting' && down.length > 0 ? { state: 'failed', why: c.why, rolledBack: false, down } : c;
}

/** The current UpdateStatus of each service (the "before" of the convergence watch). */
export async function updateStatuses(exec: Executor, names: readonly string[]): Promise<Map<string, string>> {
  const pairs = await Promise.all(
    names.map(async (n) => {
      const r = await exec.run(serviceStatusArgs(n), { allowFailure: true });
      return [n, r.code === 0 ? parseServiceStatus(r.stdout).update : 'null'] as const;
    }),
  );
  return new Map(pairs);
}

/** The spec version of each service ('' where it could not be read). */
export async function specVersions(exec: Executor, names: readonly string[]): Promise<Map<string, string>> {
  const pairs = await Promise.all(
    names.map(async (n) => {
      const r = await exec.run(serviceVersionArgs(n), { allowFailure: true });
      return [n, r.code === 0 ? r.stdout.trim() : ''] as const;
    }),
  );
  return new Map(pairs);
}

/** The nodes not up (none when the list cannot be read). */
export async function downNodes(exec: Executor): Promise<DownNode[]> {
  const r = await exec.run(nodeListArgs(), { allowFailure: true });
  return r.code === 0 ? parseDownNodes(r.stdout) : [];
}

/** The services (of `names`) in `mode: global`. */
export async function globalServices(exec: Executor, names: readonly string[]): Promise<string[]> {
  const seen = await Promise.all(names.map(async (n) => [n, await exec.run(serviceStatusArgs(n), { allowFailure: true })] as const));
  return seen.flatMap(([n, r]) => (r.code === 0 && parseServiceStatus(r.stdout).global ? [n] : []));
}

export class SwarmUpdateFailed extends Error {
  constructor(
    message: string,
    /** services swarm is rolling back (or has) by itself */
    readonly rolledBack: string[],
  ) {
    super(message);
    this.name = 'SwarmUpdateFailed';
  }
}

/** The services' reasons, then the down nodes (each once) and how to deploy without them. */
function withCause(whys: readonly string[], down: readonly DownNode[]): string {
  const cause = downNodesCause([...new Map(down.map((n) => [n.id, n])).values()]);
  return [...whys, ...(cause ? [cause] : [])].join('; ');
}

/** How long a global service may have no task before the watch counts it placed nowhere (swarm creates its tasks within a second or so). */
export const NO_NODE_GRACE_MS = 10_000;

/** The services of `seen` with no node for at least the grace, noted in `since` (first seen so). */
function placedNowhere(seen: readonly (readonly [string, Convergence])[], since: Map<string, number>, graceMs: number): Convergence[] {
  const now = Date.now();
  for (const [n, c] of seen) if (!(c.state === 'waiting' && c.noNode)) since.delete(n);
  for (const [n, c] of seen) if (c.state === 'waiting' && c.noNode && !since.has(n)) since.set(n, now);
  return seen.flatMap(([n, c]) => (now - (since.get(n) ?? now) >= graceMs ? [c] : []));
}

/** Polls every `intervalMs` until each service is done; a failed one (or a global one placed on no node) ends the wait at once. */
export async function waitConverged(
  exec: Executor,
  before: ReadonlyMap<string, string>,
  timeoutMs: number,
  opts: { intervalMs?: number; rollingBack?: boolean; noNodeGraceMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...before.keys()];
  let last: string[] = [];
  const noNodeSince = new Map<string, number>();
  while (pending.length > 0) {
    const seen = await Promise.all(pending.map(async (n) => [n, await lookAt(exec, n, before.get(n), opts.rollingBack)] as const));
    const failed = seen.flatMap(([, c]) => (c.state === 'failed' ? [c] : []));
    if (failed.length > 0) {
      const rolledBack = seen.flatMap(([n, c]) => (c.state === 'failed' && c.rolledBack ? [n] : []));
      const why = withCause(
        failed.map((c) => c.why),
        failed.flatMap((c) => c.down ?? []),
      );
      throw new SwarmUpdateFailed(`swarm did not converge: ${why}`, rolledBack);
    }
    const nowhere = placedNowhere(seen, noNodeSince, opts.noNodeGraceMs ?? NO_NODE_GRACE_MS);
    if (nowhere.length > 0)
      throw new SwarmUpdateFailed(`swarm did not converge: ${nowhere.map((c) => (c.state === 'waiting' ? c.why : '')).join('; ')}`, []);
    pending = seen.flatMap(([n, c]) => (c.state === 'waiting' ? [n] : []));
    last = seen.flatMap(([, c]) => (c.state === 'waiting' ? [c.why] : []));
    if (pending.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`swarm did not converge within ${Math.round(timeoutMs / 1000)} s: ${withCause(last, await downNodes(exec))}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
  }
}
