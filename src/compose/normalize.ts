import { isPlainMap, underTag, type PlainMap } from './values.js';

/** Keys whose list form ("KEY=value" / "KEY") is equivalent to a mapping. */
const KEY_VALUE_KEYS = ['environment', 'labels', 'annotations'];
const BUILD_KEY_VALUE_KEYS = ['args', 'labels', 'additional_contexts'];

/**
 * Rewrites the equivalent short forms of a service definition into one canonical form, so that
 * merging and diffing see `build: ..` and `build: {context: ..}` (or `environment: [A=1]` and
 * `environment: {A: "1"}`) as the same thing:
 * - `build: <string>` → `build: {context: <string>}`
 * - `env_file: <string>` → `env_file: [<string>]`
 * - list-form `environment`, `labels`, `annotations`, `build.args`, `build.labels`,
 *   `build.additional_contexts` → mappings
 *   ("KEY=value" → KEY: "value", "KEY" → KEY: null)
 */
export function normalizeService(def: PlainMap): PlainMap {
  const out: PlainMap = { ...def };
  // a value under `!reset`/`!override` (values.ts) is normalized under its tag
  if ('build' in out) out.build = underTag(out.build, normalizeBuild);
  if ('env_file' in out) out.env_file = underTag(out.env_file, (v) => (typeof v === 'string' ? [v] : v));
  return normalizeKeyValues(out, KEY_VALUE_KEYS);
}

function normalizeBuild(build: unknown): unknown {
  const map = typeof build === 'string' ? { context: build } : build;
  return isPlainMap(map) ? normalizeKeyValues(map, BUILD_KEY_VALUE_KEYS) : map;
}

function normalizeKeyValues(map: PlainMap, keys: string[]): PlainMap {
  const out: PlainMap = { ...map };
  for (const key of keys) {
    if (key in out) out[key] = underTag(out[key], (value) => (Array.isArray(value) ? listToMap(value) : value));
  }
  return out;
}

function listToMap(list: unknown[]): PlainMap {
  const out: PlainMap = {};
  for (const item of list) {
    const text = String(item);
    const eq = text.indexOf('=');
    if (eq < 0) out[text] = null;
    else out[text.slice(0, eq)] = text.slice(eq + 1);
  }
  return out;
}
