import type { ComposeDiff, ComposeModel, ComposeService } from './types.js';
import { deepEqual } from './values.js';

/** What the image of a service with a build section depends on: how it is built and the name it gets. */
const BUILT_KEYS = ['build', 'image'] as const;

const pick = (service: ComposeService, keys: readonly string[]): unknown[] => keys.map((k) => service.definition[k]);

/**
 * What a compose change means per service (every list sorted):
 * - build: the `build` section changed, or the `image:` name of a service with one (`up --no-build`
 *   would look for an image nobody built), or a new service has one (its image must be built);
 * - recreate: a new service without `build`, or any other change of the merged definition or of
 *   its bind-mount sources (a config/secret `file:` changes outside the service's definition), or of
 *   the inline configs/secrets it uses (`content:`, an `environment:` value), which compose does not
 *   compare: those whose only change that is are also in `inlineOnly` (the apply forces them);
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
    } else if (service.build && !deepEqual(pick(previous, BUILT_KEYS), pick(service, BUILT_KEYS))) {
      diff.build.push(name);
    } else if (!deepEqual(previous.definition, service.definition) || !deepEqual(previous.bindMounts, service.bindMounts)) {
      diff.recreate.push(name);
    } else if (!deepEqual(previous.inlineSources, service.inlineSources)) {
      diff.recreate.push(name);
      (diff.inlineOnly ??= []).push(name);
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
