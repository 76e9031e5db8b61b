import type { Plan } from '../../../src/plan/types.js';

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
    tasks: [],
    unmatched: [],
    reasons: [],
    warnings: [],
    ...p,
  };
}
