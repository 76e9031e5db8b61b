import type { ComposeDiff, ComposeModel } from './types.js';
import { deepEqual } from './values.js';

/**
 * What a compose change means per service (every list sorted):
 * - build: the `build` section changed, or a new service has one (its image must be built);
 * - recreate: a new service without `build`, or any other change of the merged definition or of
 *   its bind-mount sources (a config/secret `file:` changes outside the service's definition);
 * - remove: the service is gone.
 * `from === null` (no compose file before) makes every service new.
 */
export function diffComposeModels(from: ComposeModel | null, to: ComposeModel): ComposeDiff {
  const diff: ComposeDiff = { build: [], recreate: [], remove: [] };
  const before = from?.services ?? {};
  for (const [name, service] of Object.entries(to.services)) {
    const previous = before[name];
    if (!previous) {
      (service.build ? diff.build : diff.recreate).push(name);
    } else if (service.build && !deepEqual(previous.definition.build, service.definition.build)) {
      diff.build.push(name);
    } else if (!deepEqual(previous.definition, service.definition) || !deepEqual(previous.bindMounts, service.bindMounts)) {
      diff.recreate.push(name);
    }
  }
  for (const name of Object.keys(before)) {
    if (!Object.hasOwn(to.services, name)) diff.remove.push(name);
  }
  diff.build.sort();
  diff.recreate.sort();
  diff.remove.sort();
  return diff;
}
