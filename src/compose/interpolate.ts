/**
 * Compose variable interpolation (compose spec, "Interpolation"), pure: `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`,
 * nested (`${A:-${B}}`), `$$` for a literal `$`; a `$` not followed by a name or `{` stays as is.
 * Only the variables given (the project's `.env`) are used, never this process's environment.
 * Where compose would stop with an error (`?` with the variable missing, a malformed `${...}`),
 * the expression is kept as written and reported in `unresolved`: the planner then compares the
 * raw text (a changed expression still counts as a change).
 */
import { isPlainMap, Tagged } from './values.js';

export type Variables = Readonly<Record<string, string>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

/** Index of the `}` closing the `${` whose body starts at `start`, or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The value of one braced expression's body ("VAR:-default"), or undefined when unresolved. */
function braced(body: string, vars: Variables, unresolved: Set<string>): string | undefined {
  const m = BRACED.exec(body);
  if (!m) return undefined;
  const [, name, op, word = ''] = m as unknown as [string, string, string | undefined, string | undefined];
  const set = Object.hasOwn(vars, name);
  const value = set ? vars[name]! : '';
  const present = op?.startsWith(':') ? value !== '' : set;
  switch (op) {
    case undefined:
      return value;
    case ':-':
    case '-':
      return present ? value : interpolate(word, vars, unresolved);
    case ':?':
    case '?':
      return present ? value : undefined;
    default: // ':+' and '+'
      return present ? interpolate(word, vars, unresolved) : '';
  }
}

/** Interpolates one string; expressions it cannot resolve are kept raw and added to `unresolved`. */
export function interpolate(text: string, vars: Variables, unresolved: Set<string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(text, dollar + 2);
      const raw = end < 0 ? text.slice(dollar) : text.slice(dollar, end + 1);
      const value = end < 0 ? undefined : braced(text.slice(dollar + 2, end), vars, unresolved);
      if (value === undefined) unresolved.add(raw);
      out += value ?? raw;
      i = dollar + raw.length;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      out += name === undefined ? '$' : Object.hasOwn(vars, name) ? vars[name] : '';
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

/** Interpolates every string value (never a mapping key) of a plain YAML value. */
export function interpolateTree(value: unknown, vars: Variables, unresolved: Set<string>): unknown {
  if (typeof value === 'string') return interpolate(value, vars, unresolved);
  if (Array.isArray(value)) return value.map((v) => interpolateTree(v, vars, unresolved));
  if (value instanceof Tagged) return new Tagged(value.tag, interpolateTree(value.value, vars, unresolved));
  if (!isPlainMap(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, vars, unresolved)]));
}
