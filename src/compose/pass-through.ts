import type { Variables } from './interpolate.js';
import { isPlainMap, type PlainMap } from './values.js';

/** Fills the null values of `map` that `vars` sets; the others stay as they are. */
function filled(map: unknown, vars: Variables): unknown {
  if (!isPlainMap(map)) return map;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v === null && Object.hasOwn(vars, k) ? vars[k] : v]));
}

/**
 * Resolves the entries without a value (`environment: [KEY]`, `KEY:`, and the same in
 * `build.args`) from the compose `.env` variables, as `docker compose config` does: a changed value
 * then changes the service's definition (recreate, or build for an arg). A merged, normalized
 * definition (list forms are mappings, see normalize.ts); entries `vars` lacks stay null.
 */
export function resolvePassThrough(def: PlainMap, vars: Variables): PlainMap {
  const out: PlainMap = { ...def };
  if (isPlainMap(out.environment)) out.environment = filled(out.environment, vars);
  if (isPlainMap(out.build) && isPlainMap(out.build.args)) out.build = { ...out.build, args: filled(out.build.args, vars) };
  return out;
}
