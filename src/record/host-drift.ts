/**
 * Drift between the hosts of a target (pure): which release each reachable host runs, which hosts
 * did not answer, and which answered but whose files could not be read (a corrupt state.json). A target drifts when its reachable hosts run different releases (a
 * host with nothing deployed counts as its own "release").
 */
import { shortSha } from '../core/text.js';

export interface HostLive {
  host: string;
  /** the release id current on the host (undefined: nothing deployed) */
  release?: string;
  /** set when the host could not be reached: why */
  unreachable?: string;
  /** set when the host answered but its files could not be read (a corrupt state.json): why */
  unreadable?: string;
}

export interface Drift {
  /** true when the reachable hosts run different releases */
  drifted: boolean;
  /** release id ('' for nothing deployed) → the hosts running it, in host order */
  releases: Record<string, string[]>;
  /** the hosts that could not be reached */
  unreachable: string[];
  /** the hosts that answered but whose files could not be read */
  unreadable: string[];
  /** what the status says about it (empty: every host reachable, one release) */
  messages: string[];
}

export function hostDrift(hosts: HostLive[]): Drift {
  const releases: Record<string, string[]> = {};
  for (const h of hosts.filter((x) => x.unreachable === undefined && x.unreadable === undefined))
    (releases[h.release ?? ''] ??= []).push(h.host);
  const unreachable = hosts.filter((h) => h.unreachable !== undefined);
  const unreadable = hosts.filter((h) => h.unreachable === undefined && h.unreadable !== undefined);
  const drifted = Object.keys(releases).length > 1;
  const each = Object.entries(releases)
    .map(([id, on]) => `${id ? shortSha(id) : 'nothing'} on ${on.join(', ')}`)
    .join('; ');
  const messages = [
    ...(drifted ? [`DRIFT: the hosts run different releases: ${each}. A deploy (or a rollback) converges them.`] : []),
    ...unreachable.map((h) => `UNREACHABLE: ${h.host}: ${h.unreachable}`),
    ...unreadable.map((h) => `UNREADABLE: ${h.host}: ${h.unreadable}`),
  ];
  return { drifted, releases, unreachable: unreachable.map((h) => h.host), unreadable: unreadable.map((h) => h.host), messages };
}
