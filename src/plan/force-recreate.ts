import type { Plan } from './types.js';

/**
 * The rule of a recreate whose only cause is an inline config/secret (`content:`, an `environment:`
 * value): compose copies it into the container when it creates it and leaves it out of its config
 * hash, so a plain `up` keeps the running container with the old content.
 */
export const COMPOSE_CONTENT_RULE = 'compose-content';

/**
 * The built-in reasons of a recreate that compose sees by itself (a changed definition, env_file
 * values, image or linked container): a plain `up` replaces the container. A recreate for any other
 * reason (a config rule's `recreate:`, "compose-content") changes nothing compose compares: `up`
 * would leave the container running, with the files of the release it started from behind its
 * bind mounts (`current` is resolved when the container starts).
 */
const SEEN_BY_COMPOSE = new Set(['compose', 'env_file', 'shared-image', 'linked-service', 'unknown-from']);

/**
 * The services of `plan.recreate` the apply must `up --force-recreate`: those with a recreate reason
 * compose does not see (SEEN_BY_COMPOSE), sorted; a start-first one is left out (its new container is
 * created anyway).
 */
export function forcedRecreates(plan: Plan): string[] {
  const startFirst = new Set(plan.startFirst ?? []);
  const forced = plan.reasons
    .filter((r) => r.action === 'recreate' && r.service !== undefined && !SEEN_BY_COMPOSE.has(r.rule))
    .map((r) => r.service as string);
  return [...new Set(forced)].filter((s) => plan.recreate.includes(s) && !startFirst.has(s)).sort();
}
