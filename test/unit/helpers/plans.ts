/** Small typed fixtures shared by the unit tests: plans and compose services. */
import type { ComposeService, Plan } from '../../../src/plan/types.js';

/** A Plan with every list empty, `from` a..`to` b, overridden by `p`. */
export function planOf(p: Partial<Plan> = {}): Plan {
  return {
    from: 'a',
    to: 'b',
    changedFiles: [],
    build: [],
    noCache: [],
    recreate: [],
    restart: [],
    remove: [],
    upload: [],
    tasks: [],
    unmatched: [],
    reasons: [],
    warnings: [],
    ...p,
  };
}

/** A compose service with just a name and a definition (no mounts or env files). */
export function serviceOf(name: string, definition: Record<string, unknown> = {}): ComposeService {
  return { name, definition, bindMounts: [], envFiles: [] };
}
