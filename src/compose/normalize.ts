import { isPlainMap, underTag, type PlainMap } from './values.js';

/** Keys whose list form ("KEY=value" / "KEY") is equivalent to a mapping. */
const KEY_VALUE_KEYS = ['environment', 'labels', 'annotations', 'sysctls'];
const BUILD_KEY_VALUE_KEYS = ['args', 'labels', 'additional_contexts'];
/** Keys whose single-string form is a one-item list. */
const STRING_OR_LIST_KEYS = ['env_file', 'dns', 'dns_search', 'tmpfs'];

/**
 * Rewrites the equivalent short forms of a service definition into one canonical form, so that
 * merging and diffing see `build: ..` and `build: {context: ..}` (or `environment: [A=1]` and
 * `environment: {A: "1"}`) as the same thing:
 * - `build: <string>` → `build: {context: <string>}`
 * - `env_file`, `dns`, `dns_search`, `tmpfs`: `<string>` → `[<string>]`
 * - list-form `environment`, `labels`, `annotations`, `sysctls`, `build.args`, `build.labels`,
 *   `build.additional_contexts` → mappings
 *   ("KEY=value" → KEY: "value", "KEY" → KEY: null)
 * - list-form `depends_on` → a mapping of each name to `{condition: service_started}`, as compose reads it
 * - list-form `networks` → a mapping of each name to null; list-form `extra_hosts` ("host:ip" or
 *   "host=ip") → a mapping of host to ip
 * (compose merges a list form in one file with the mapping form in another: replacing one by the
 * other would lose the entries of the first, and a change to them).
 */
export function normalizeService(def: PlainMap): PlainMap {
  const out: PlainMap = { ...def };
  // a value under `!reset`/`!override` (values.ts) is normalized under its tag
  if ('build' in out) out.build = underTag(out.build, normalizeBuild);
  for (const key of STRING_OR_LIST_KEYS) if (key in out) out[key] = underTag(out[key], (v) => (typeof v === 'string' ? [v] : v));
  if ('networks' in out)
    out.networks = underTag(out.networks, (v) => (Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), null])) : v));
  if ('depends_on' in out)
    out.depends_on = underTag(out.depends_on, (v) =>
      Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), { condition: 'service_started' }])) : v,
    );
  if ('extra_hosts' in out) out.extra_hosts = underTag(out.extra_hosts, (v) => (Array.isArray(v) ? hostsToMap(v) : v));
  return normalizeKeyValues(out, KEY_VALUE_KEYS);
}

/** `["db:10.0.0.1", "cache=10.0.0.2"]` → `{db: "10.0.0.1", cache: "10.0.0.2"}` (the host is before the first `=`, else the first `:`). */
function hostsToMap(list: unknown[]): PlainMap {
  return Object.fromEntries(
    list.map((item) => {
      const text = String(item);
      const at = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
      return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
    }),
  );
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
