import { canonicalJson, isPlainMap, Tagged, untagged, type PlainMap } from './values.js';

/** Sequences that an override file replaces instead of extending (a command is one value). */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'test', 'dns_search']);
/** Sequences of mounts, merged by their container target path. */
const MOUNT_SEQUENCES = new Set(['volumes', 'devices']);

/**
 * Merges two (normalized) service definitions the way `docker compose -f base -f override` does,
 * approximately:
 * - mappings are merged key by key, recursively (environment, labels, build, deploy, ...);
 * - scalars, and values whose type differs, are replaced by the override;
 * - `command`, `entrypoint`, `healthcheck.test` and `dns_search` sequences are replaced;
 * - `volumes` and `devices` are merged by container target path (the override wins per target);
 * - every other sequence (ports, expose, env_file, ...) is concatenated without duplicates;
 * - an override value tagged `!reset` removes the key, one tagged `!override` replaces the base
 *   value as a whole (values.ts: Tagged); the base's own tags are dropped first (untagged).
 */
export function mergeDefinitions(base: PlainMap, override: PlainMap): PlainMap {
  const out = untagged(base) as PlainMap;
  for (const [key, value] of Object.entries(override)) {
    if (value instanceof Tagged && value.tag === 'reset') delete out[key];
    else if (value instanceof Tagged) out[key] = untagged(value.value);
    else out[key] = Object.hasOwn(out, key) ? mergeValue(key, out[key], value) : value;
  }
  return out;
}

function mergeValue(key: string, base: unknown, override: unknown): unknown {
  if (isPlainMap(base) && isPlainMap(override)) return mergeDefinitions(base, override);
  if (!Array.isArray(base) || !Array.isArray(override)) return override;
  if (REPLACED_SEQUENCES.has(key)) return override;
  if (MOUNT_SEQUENCES.has(key)) return mergeByKey(base, override, mountTarget);
  return mergeByKey(base, override, canonicalJson);
}

/** Keeps base order; an override item replaces the base item with the same key, others are appended. */
function mergeByKey(base: unknown[], override: unknown[], keyOf: (item: unknown) => string): unknown[] {
  const out = new Map<string, unknown>();
  for (const item of base) out.set(keyOf(item), item);
  for (const item of override) out.set(keyOf(item), item);
  return [...out.values()];
}

/** The container path of a mount: long syntax `target`, short syntax "src:dst[:mode]" or "dst". */
export function mountTarget(item: unknown): string {
  if (isPlainMap(item)) return String(item.target ?? canonicalJson(item));
  const parts = String(item).split(':');
  return parts.length === 1 ? (parts[0] ?? '') : (parts[1] ?? '');
}
