/** Walk a zod schema along an issue path to learn which keys an object there accepts. */
import type * as z from 'zod';
import { isRecord } from './cross-issue.js';

type Schema = z.core.$ZodType;
type Segment = PropertyKey;
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  valueType?: Schema;
  shape?: Record<string, Schema>;
  options?: readonly Schema[];
  discriminator?: string;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

function unwrap(schema: Schema): Schema {
  let cur = schema;
  for (;;) {
    const def = defOf(cur);
    if (WRAPPERS.has(def.type) && def.innerType) cur = def.innerType;
    else if (def.type === 'pipe' && def.in) cur = def.in;
    else return cur;
  }
}

/** Values of the discriminator an option accepts (from zod's propValues). */
function discriminatorValues(option: Schema, discriminator: string): unknown[] {
  const values = (option._zod as { propValues?: Record<string, Set<unknown>> }).propValues?.[discriminator];
  return values ? [...values] : [];
}

interface Resolved {
  schema: Schema;
  /** set when the schema is the option a discriminated union picked for the value */
  union?: { discriminator: string; options: readonly Schema[] };
}

/** Unwrap wrappers and pick the union option that fits the raw value. */
function resolve(schema: Schema, raw: unknown, next?: Segment): Resolved | undefined {
  const cur = unwrap(schema);
  const def = defOf(cur);
  if (def.type !== 'union' || !def.options) return { schema: cur };
  const disc = def.discriminator;
  if (disc) {
    const value = isRecord(raw) ? raw[disc] : undefined;
    const option = def.options.find((o) => discriminatorValues(o, disc).includes(value));
    return option ? { schema: unwrap(option), union: { discriminator: disc, options: def.options } } : undefined;
  }
  const wanted = typeof next === 'number' ? 'array' : 'object';
  const option = def.options.map(unwrap).find((o) => {
    const t = defOf(o).type;
    return t === wanted || (wanted === 'object' && t === 'record');
  });
  return option ? { schema: option } : undefined;
}

function child(schema: Schema, segment: Segment): Schema | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape?.[String(segment)];
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

function getRaw(raw: unknown, segment: Segment): unknown {
  if (Array.isArray(raw) && typeof segment === 'number') return raw[segment];
  if (isRecord(raw)) return raw[String(segment)];
  return undefined;
}

function resolveAt(root: Schema, path: readonly Segment[], rawRoot: unknown): (Resolved & { raw: unknown }) | undefined {
  let raw = rawRoot;
  let resolved = resolve(root, raw, path[0]);
  for (let i = 0; i < path.length && resolved; i++) {
    const segment = path[i] as Segment;
    const next = child(resolved.schema, segment);
    raw = getRaw(raw, segment);
    resolved = next ? resolve(next, raw, path[i + 1]) : undefined;
  }
  return resolved ? { ...resolved, raw } : undefined;
}

function shapeKeys(schema: Schema): string[] {
  return Object.keys(defOf(schema).shape ?? {});
}

export interface ObjectKeys {
  /** keys the object at the path accepts */
  keys: string[];
  /** for an option of a discriminated union: the discriminator, its value here, and the keys of the other options */
  alternatives?: { discriminator: string; value: unknown; others: { values: unknown[]; keys: string[] }[] };
}

/** Keys accepted by the object schema at `path` (raw input used to pick union options). */
export function objectKeysAt(root: Schema, path: readonly Segment[], rawRoot: unknown): ObjectKeys | undefined {
  const found = resolveAt(root, path, rawRoot);
  if (!found || defOf(found.schema).type !== 'object') return undefined;
  const keys = shapeKeys(found.schema);
  if (!found.union) return { keys };
  const { discriminator, options } = found.union;
  const value = isRecord(found.raw) ? found.raw[discriminator] : undefined;
  const others = options
    .map(unwrap)
    .filter((o) => o !== found.schema)
    .map((o) => ({ values: discriminatorValues(o, discriminator), keys: shapeKeys(o) }));
  return { keys, alternatives: { discriminator, value, others } };
}
