/** Small helpers over plain YAML/JSON values (what `yaml`'s toJS produces). */

export type PlainMap = Record<string, unknown>;

export function isPlainMap(value: unknown): value is PlainMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tagged);
}

/**
 * A value under compose's `!reset` (the key is removed from what it merges onto) or `!override`
 * (the value replaces, instead of merging with, what it merges onto) YAML tag (document.ts reads
 * them; merge.ts applies them; `untagged` drops what is left once every merge is done).
 */
export class Tagged {
  constructor(
    readonly tag: 'reset' | 'override',
    readonly value: unknown,
  ) {}
}

/** `value` without tags: a `!reset` entry of a mapping is left out, an `!override` value is the value. */
export function untagged(value: unknown): unknown {
  if (value instanceof Tagged) return value.tag === 'reset' ? undefined : untagged(value.value);
  if (Array.isArray(value)) return value.map(untagged);
  if (!isPlainMap(value)) return value;
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) => (v instanceof Tagged && v.tag === 'reset' ? [] : [[k, untagged(v)]])),
  );
}

/** `fn` applied to `value`, or to the value under its tag (the tag kept). */
export function underTag(value: unknown, fn: (inner: unknown) => unknown): unknown {
  return value instanceof Tagged ? new Tagged(value.tag, fn(value.value)) : fn(value);
}

/** Key-order-insensitive deep equality of plain values (arrays stay ordered). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isPlainMap(a) || !isPlainMap(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** A canonical JSON text (object keys sorted), usable as an identity key for plain values. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainMap(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
