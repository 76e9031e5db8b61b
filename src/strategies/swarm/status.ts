/** Pure reading of a service's convergence: its UpdateStatus, its spec image, the states of the tasks that should run. */
import type { DownNode } from './down-nodes.js';

export interface ServiceStatus {
  /** the spec's image (may end in @sha256:…) */
  image: string;
  /** UpdateStatus as printed by `{{json .UpdateStatus}}` ("null" when the service was never updated) */
  update: string;
  /** the replicas a replicated service should run (undefined: another mode) */
  replicas?: number;
  /** `mode: global`: one task on each node its placement allows */
  global?: boolean;
}

/** The fields of swarm's UpdateStatus the watch reads. */
export interface UpdateStatus {
  State?: string;
  Message?: string;
  /** RFC 3339, the manager's clock */
  StartedAt?: string;
}

export type Convergence =
  | { state: 'done' }
  /** `noNode`: a global service with no task, which swarm creates only on nodes its placement allows */
  | { state: 'waiting'; why: string; noNode?: boolean }
  /** `down`: the down nodes the update waits on (stalled-update.ts) */
  | { state: 'failed'; why: string; rolledBack: boolean; down?: DownNode[] };

/** Swarm's update states that end a run: the update failed (swarm rolls back or pauses). */
const FAILED = new Set(['rollback_started', 'rollback_completed', 'rollback_paused', 'paused']);

/** Parses `serviceStatusArgs` output. */
export function parseServiceStatus(out: string): ServiceStatus {
  const line = out.trim();
  const m = /^(\S+) (\d+|-|global) (.*)$/.exec(line);
  if (m) {
    const mode = m[2] === 'global' ? { global: true } : m[2] !== '-' ? { replicas: Number(m[2]) } : {};
    return { image: m[1]!, update: m[3]!.trim(), ...mode };
  }
  const space = line.indexOf(' ');
  return space < 0 ? { image: line, update: 'null' } : { image: line.slice(0, space), update: line.slice(space + 1).trim() };
}

const withoutDigest = (image: string): string => image.replace(/@sha256:[0-9a-f]+$/, '');

/** `docker service ps` prints a task's error Go-quoted. */
function unquote(text: string): string {
  if (!/^".*"$/.test(text)) return text;
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/** Swarm's UpdateStatus (`{{json .UpdateStatus}}`), undefined when there is none. */
export function updateOf(json: string): UpdateStatus | undefined {
  try {
    return (JSON.parse(json) as UpdateStatus | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where one service is. `before`: its UpdateStatus before this run changed it (an unchanged status is
 * an older update's, not this run's). Done when every task that should run is Running on the spec's image.
 * `rollingBack`: the revert's watch, where swarm's rollback states are the expected way back.
 */
export function judgeService(
  name: string,
  status: ServiceStatus,
  before: string | undefined,
  tasks: string,
  opts: { rollingBack?: boolean } = {},
): Convergence {
  const update = status.update !== before ? updateOf(status.update) : undefined;
  if (opts.rollingBack) {
    // a rollback under way is waited for even when it began before the watch (swarm's own, seen
    // failing): until it completes, the tasks listed may be fewer than the service should run
    if (updateOf(status.update)?.State === 'rollback_started') return { state: 'waiting', why: `${name}: rolling back` };
  } else if (update?.State && FAILED.has(update.State)) {
    const why = `${name}: swarm update ${update.State}${update.Message ? ` (${update.Message})` : ''}`;
    return { state: 'failed', why, rolledBack: update.State.startsWith('rollback') };
  }
  const lines = tasks.split('\n').filter((l) => l.trim() !== '');
  const want = withoutDigest(status.image);
  const off = lines.filter((l) => {
    const [image, state] = l.trim().split(/\s+/);
    return withoutDigest(image ?? '') !== want || state !== 'Running';
  });
  // swarm's error of a task not running (a pending task: "no suitable node (…)")
  const errors = [...new Set(off.map((l) => unquote(l.split('|').slice(1).join('|').trim())).filter((e) => e !== ''))];
  const why = errors.length > 0 ? ` (${errors.join('; ')})` : '';
  if (update?.State === 'updating') return { state: 'waiting', why: `${name}: updating${why}` };
  if (lines.length === 0) return noTask(name, status);
  return off.length === 0
    ? { state: 'done' }
    : { state: 'waiting', why: `${name}: ${lines.length - off.length}/${lines.length} tasks running ${want}${why}` };
}

/** A service with no task that should run: done when scaled to zero, a global one placed nowhere (yet), else not scheduled yet. */
function noTask(name: string, status: ServiceStatus): Convergence {
  // scaled to zero (`deploy.replicas: 0`): swarm schedules no task, and none is to be waited for
  if (status.replicas === 0) return { state: 'done' };
  if (status.global)
    return {
      state: 'waiting',
      why: `${name}: a global service with no task: no node satisfies its placement (constraints, node availability)`,
      noNode: true,
    };
  return { state: 'waiting', why: `${name}: no task scheduled yet` };
}
