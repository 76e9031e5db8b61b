/**
 * Post-processing of the JSON schema zod generates, for editors: a discriminated union (targets by
 * `strategy`, backups by `engine`) becomes if/then on its discriminator, so a wrong value in one
 * target gives one error instead of one per union option (a oneOf reports every failing branch).
 */

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The values an option allows for `key` (its const or enum), or undefined. */
function valuesOf(option: unknown, key: string): unknown[] | undefined {
  const prop = isNode(option) && isNode(option.properties) ? option.properties[key] : undefined;
  if (!isNode(prop)) return undefined;
  if ('const' in prop) return [prop.const];
  return Array.isArray(prop.enum) ? prop.enum : undefined;
}

const requires = (option: unknown, key: string): boolean =>
  isNode(option) && Array.isArray(option.required) && option.required.includes(key);

/** The property every option requires with its own, disjoint, set of values. */
function discriminator(options: unknown[]): string | undefined {
  const first = options[0];
  if (!isNode(first) || !isNode(first.properties)) return undefined;
  return Object.keys(first.properties).find((key) => {
    const sets = options.map((o) => valuesOf(o, key));
    if (sets.some((s) => s === undefined) || !options.every((o) => requires(o, key))) return false;
    const all = sets.flat();
    return new Set(all).size === all.length;
  });
}

function toIfThen(node: Node, options: unknown[], key: string): Node {
  const { oneOf: _oneOf, ...rest } = node;
  const first = (options[0] as Node).properties as Node;
  const description = isNode(first[key]) ? first[key].description : undefined;
  return {
    ...rest,
    type: 'object',
    required: [key],
    properties: { [key]: { enum: options.flatMap((o) => valuesOf(o, key)!), ...(description ? { description } : {}) } },
    allOf: options.map((o) => ({ if: { properties: { [key]: { enum: valuesOf(o, key) } }, required: [key] }, then: o })),
  };
}

/** Rewrites every discriminated oneOf of the schema as if/then (returns a new tree). */
export function discriminatedIfThen(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(discriminatedIfThen);
  if (!isNode(value)) return value;
  const node: Node = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, discriminatedIfThen(v)]));
  const options = node.oneOf;
  if (!Array.isArray(options) || options.length < 2) return node;
  const key = discriminator(options);
  return key ? toIfThen(node, options, key) : node;
}
