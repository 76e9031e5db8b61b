/**
 * The deploy locks a run holds, one per host (each with its own run id), saved as the Action's
 * `lock` state: a main step killed while it holds them (a cancelled job) leaves them to the post
 * step, which releases every one of them.
 */
import type { Reporter } from '../core/reporter.js';

/** One held lock: its host (the index in the target's hosts, in hostsOf order) and the run id written in it. */
export interface HeldLock {
  host: number;
  runId: string;
}

/** What the `lock` state holds: the target and its locks this run holds. */
export interface HeldLocks {
  target: string;
  locks: HeldLock[];
}

const heldBy = new WeakMap<Reporter, Set<HeldLock>>();

/** Records a lock taken (`holding`) or released, and saves all the locks the run still holds ('' when none). */
export function noteHeldLock(reporter: Reporter, target: string, lock: HeldLock, holding: boolean): void {
  const held = heldBy.get(reporter) ?? new Set<HeldLock>();
  heldBy.set(reporter, held);
  if (holding) held.add(lock);
  else held.delete(lock);
  const state: HeldLocks = { target, locks: [...held] };
  reporter.persist('lock', held.size === 0 ? '' : JSON.stringify(state));
}

const isHeldLock = (l: unknown): l is HeldLock => {
  const o = l as Partial<HeldLock> | null;
  return Number.isInteger(o?.host) && typeof o?.runId === 'string';
};

/** Parses the saved `lock` state (pure); undefined when empty or not ours. */
export function parseHeldLocks(text: string): HeldLocks | undefined {
  let o: Partial<HeldLocks> | null;
  try {
    o = JSON.parse(text) as Partial<HeldLocks> | null;
  } catch {
    return undefined;
  }
  if (typeof o?.target !== 'string' || !Array.isArray(o.locks) || !o.locks.every(isHeldLock)) return undefined;
  return { target: o.target, locks: o.locks };
}
