/** The hosts a target runs on. The data model is a list (one host today: the target's `host` and `port`). */
import type { Target } from './schema.js';

export interface HostAddress {
  /** user@host */
  host: string;
  port: number;
}

export function hostsOf(target: Pick<Target, 'host' | 'port'>): HostAddress[] {
  return [{ host: target.host, port: target.port }];
}
