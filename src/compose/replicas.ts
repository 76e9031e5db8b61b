/** How many containers a service declares it runs: `scale`, else `deploy.replicas` (compose v2 honours both). */
import type { ComposeService } from './types.js';

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined);

export function declaredReplicas(service: ComposeService | undefined): number | undefined {
  const def = service?.definition;
  const deploy = def?.deploy;
  return count(def?.scale) ?? (deploy && typeof deploy === 'object' ? count((deploy as Record<string, unknown>).replicas) : undefined);
}
