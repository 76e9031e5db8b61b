/** Turn zod issues into config problems: key path, human message, and YAML position. */
import type * as z from 'zod';
import type { Document, LineCounter } from 'yaml';
import { objectKeysAt, type ObjectKeys } from './schema-keys.js';
import { HIDDEN, hiddenValue, looksSecret, redactMessage } from './secret-values.js';
import { locate, type Position } from './yaml-locate.js';

type Segment = PropertyKey;
type Issue = z.core.$ZodIssue;

export interface ConfigProblem {
  path: Segment[];
  message: string;
  position: Position;
}

export interface IssueContext {
  doc: Document;
  lineCounter: LineCounter;
  /** the YAML as plain JS (what zod validated) */
  raw: unknown;
  schema: z.core.$ZodType;
}

const PREVIEW_MAX = 40;

/** `rules[2].build`, `targets["my target"].host`; "" for the root. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(segment))) out += out ? `.${String(segment)}` : String(segment);
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Short JSON-ish rendering of a found value. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 3)}...` : text;
}

function valueAt(raw: unknown, path: readonly Segment[]): unknown {
  let cur = raw;
  for (const segment of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[segment];
  }
  return cur;
}

function hasKey(raw: unknown, path: readonly Segment[]): boolean {
  const parent = valueAt(raw, path.slice(0, -1));
  return typeof parent === 'object' && parent !== null && Object.hasOwn(parent, path[path.length - 1] as PropertyKey);
}

/** zod's built-in wording, made to fit "expected ..." (a safety net: the schema sets its own messages). */
function expectation(issue: Issue): string {
  const m = /^Invalid input: (expected [^,]+)/.exec(issue.message);
  return m?.[1] ?? issue.message;
}

/** What the whole file holds when it is not a mapping, without a word of its content (a .env or key file passed by mistake). */
export function shapeOf(value: unknown): string {
  if (typeof value === 'string') return `text (${value.length} characters)`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  return typeof value === 'boolean' ? 'true/false' : `a ${typeof value}`;
}

function withFound(expected: string, raw: unknown, path: readonly Segment[]): string {
  if (!expected.startsWith('expected')) return redactMessage(expected, path, valueAt(raw, path));
  if (path.length === 0) return `${expected}, got ${shapeOf(raw)}; its content is not shown: is this the deploy config?`;
  if (path.length > 0 && !hasKey(raw, path)) return `required key is missing (${expected})`;
  const value = valueAt(raw, path);
  return hiddenValue(path, value) ? `${expected}, got ${shapeOf(value)} (${HIDDEN})` : `${expected}, got ${preview(value)}`;
}

function showValues(values: unknown[]): string {
  return values.map((v) => String(v)).join(' or ');
}

export function unknownKeyMessage(info: ObjectKeys | undefined, key: string): string {
  const alt = info?.alternatives;
  const owners = alt?.others.filter((o) => o.keys.includes(key)) ?? [];
  if (alt && owners.length > 0) {
    const allowed = showValues(owners.flatMap((o) => o.values));
    return `not allowed with ${alt.discriminator}: ${String(alt.value)} (only with ${alt.discriminator}: ${allowed})`;
  }
  return info ? `unknown key (expected one of: ${info.keys.join(', ')})` : 'unknown key';
}

/** The problem at `path`; a key that looks like a secret is not shown in the path either. */
function problem(ctx: IssueContext, path: Segment[], message: string, atKey = false): ConfigProblem {
  const shown = path.map((s) => (typeof s === 'string' && looksSecret(s) ? '<key not shown>' : s));
  return { path: shown, message, position: locate(ctx.doc, ctx.lineCounter, path, atKey) };
}

/** One problem per issue (one per key for unknown keys). */
export function issueProblems(issue: Issue, ctx: IssueContext): ConfigProblem[] {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const info = objectKeysAt(ctx.schema, path, ctx.raw);
    return issue.keys.map((key) => problem(ctx, [...path, key], unknownKeyMessage(info, key), true));
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0];
    const expected = inner ? expectation(inner) : 'expected a valid key';
    const key = path[path.length - 1];
    const found = looksSecret(String(key)) ? `${shapeOf(String(key))} (${HIDDEN})` : preview(String(key));
    const message = expected.startsWith('expected') ? `${expected}, got ${found}` : expected;
    return [problem(ctx, path, message, true)];
  }
  return [problem(ctx, path, withFound(expectation(issue), ctx.raw, path))];
}
