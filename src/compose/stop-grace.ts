/** The seconds a service's container gets between SIGTERM and SIGKILL when it is stopped. */
import type { ComposeService } from './types.js';

/** Docker's and compose's default. */
export const DEFAULT_STOP_GRACE_SECONDS = 10;

const UNIT_S: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };

/** Seconds of a compose duration ("1m30s", "90s", "1.5s"), or undefined when it is not one. */
export function composeDurationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|m|s)/g)) total += Number(n) * UNIT_S[unit!]!;
  return total;
}

/** The service's own `stop_grace_period` in seconds, when it sets one compose understands. */
export function explicitStopGrace(service: ComposeService | undefined): number | undefined {
  const period = service?.definition.stop_grace_period;
  return typeof period === 'string' ? composeDurationSeconds(period) : undefined;
}

/** The service's `stop_grace_period` in seconds, else Docker's default of 10. */
export function stopGraceSecondsOf(service: ComposeService | undefined): number {
  return explicitStopGrace(service) ?? DEFAULT_STOP_GRACE_SECONDS;
}
