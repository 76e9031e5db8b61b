import { canonicalJson } from '../compose/values.js';
import type { ComposeModel } from '../plan/types.js';

/**
 * Groups services to build by identical build definitions (same context, Dockerfile, args...):
 * each group is built once and its image tagged for the others. Order follows `services`.
 */
export function buildGroups(services: readonly string[], model: ComposeModel): string[][] {
  const groups = new Map<string, string[]>();
  for (const name of services) {
    const def = model.services[name]?.definition.build;
    const key = def === undefined ? `!${name}` : canonicalJson(def);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()];
}
