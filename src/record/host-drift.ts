/**
 * Drift between the hosts of a target (pure): which release each reachable host runs, and which
 * hosts could not be read. A target drifts when its reachable hosts run different releases (a
 * host with nothing deployed counts as its own "release").
 */
import { shortSha } from '../core/text.js';

export interface HostLive {
  host: string;
  /** the release id current on the host (undefined: nothing deployed) */
  release?: string;
  /** set when the host could not be read: why */
  unreachable?: string;
}

export interface Drift {
  /** true when the reachable hosts run different releases */
  drifted: boolean;
  /** release id ('' for nothing deployed) → the hosts running it, in host order */
  releases: Record<string, string[]>;
  /** the hosts that could not be read */
  unreachable: string[];
  /** what the status says about it (empty: every host reachable, one release) */
  messages: string[];
}

export function hostDrift(hosts: HostLive[]): Drift {
  const releases: Record<string, string[]> = {};
  for (const h of hosts.filter((x) => x.unreachable === undefined)) (releases[h.release ?? ''] ??= []).push(h.host);
  const unreachable = hosts.filter((h) => h.unreachable !== undefined);
  const drifted = Object.keys(releases).length > 1;
  const each = Object.entries(releases)
    .map(([id, on]) => `${id ? shortSha(id) : 'nothing'} on ${on.join(', ')}`)
    .join('; ');
  const messages = [
    ...(drifted ? [`DRIFT: the hosts run different releases: ${each}. A deploy (or a rollback) converges them.`] : []),
    ...unreachable.map((h) => `UNREACHABLE: ${h.host}: ${h.unreachable}`),
  ];
  return { drifted, releases, unreachable: unreachable.map((h) => h.host), messages };
}
