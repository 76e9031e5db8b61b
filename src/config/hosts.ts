/**
 * The hosts a target runs on: `host` (one) or `hosts` (several, each `user@host[:port]`), the
 * primary first (it takes the backup and runs the tasks), and the rolling batches over them.
 */
import { splitHostPort } from './ssh-address.js';
import type { Target } from './schema.js';

export interface HostAddress {
  /** user@host */
  host: string;
  port: number;
}

type HostKeys = Pick<Target, 'host' | 'port'> & Partial<Pick<Target, 'hosts' | 'primary'>>;

/** The target's hosts in rollout order: the primary (default: the first listed) first, then the others as listed. */
export function hostsOf(target: HostKeys): HostAddress[] {
  if (!target.hosts) return target.host ? [{ host: target.host, port: target.port }] : [];
  const all = target.hosts.map((entry) => ({ entry, ...splitHostPort(entry, target.port) }));
  const primary = all.find((h) => h.entry === target.primary) ?? all[0]!;
  return [primary, ...all.filter((h) => h !== primary)].map(({ host, port }) => ({ host, port }));
}

/** `user@host:port` as the log and the report name a host. */
export const hostLabel = (h: HostAddress): string => (h.port === 22 ? h.host : `${h.host}:${h.port}`);

/** How many hosts a batch holds: a number, or a percentage of the hosts rounded up (at least 1, at most all). */
export function batchSize(hostCount: number, batch: number | string): number {
  const size = typeof batch === 'number' ? batch : Math.ceil((hostCount * Number(batch.slice(0, -1))) / 100);
  if (!Number.isInteger(size) || size < 1) throw new Error(`invalid batch ${JSON.stringify(batch)}`);
  return Math.min(size, Math.max(hostCount, 1));
}

/** The rollout: host indexes (0 = primary) in consecutive batches of `batchSize`. */
export function planBatches(hostCount: number, batch: number | string): number[][] {
  const size = batchSize(hostCount, batch);
  const batches: number[][] = [];
  for (let i = 0; i < hostCount; i += size) batches.push(Array.from({ length: Math.min(size, hostCount - i) }, (_, k) => i + k));
  return batches;
}
