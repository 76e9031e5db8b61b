/**
 * The compose project's `.env` (compose reads it from the project directory, which our compose
 * invocations pin with `--project-directory <compose.directory>`), parsed like compose's dotenv:
 * `KEY=value` lines, `#` comments, an optional `export ` prefix; 'single quotes' are literal,
 * "double quotes" take the escapes \n \t \\ \" and interpolation, an unquoted value ends at ` #`
 * and is interpolated; earlier keys feed later values. A line without `=` (which compose fills
 * from the shell) sets nothing. Values span one line.
 */
import { posix } from 'node:path';
import { interpolate, type Variables } from './interpolate.js';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', $: '$$' };

/** Repo-relative path of the `.env` that feeds interpolation. */
export function composeDotEnvPath(directory: string): string {
  return posix.normalize(posix.join(directory, '.env'));
}

function doubleQuoted(rest: string): string {
  let out = '';
  for (let i = 0; i < rest.length && rest[i] !== '"'; i++) {
    const c = rest[i]!;
    if (c === '\\' && i + 1 < rest.length) out += ESCAPES[rest[++i]!] ?? `\\${rest[i]}`;
    else out += c;
  }
  return out;
}

function valueOf(raw: string, vars: Variables, unresolved: Set<string>): string {
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    return end < 0 ? raw.slice(1) : raw.slice(1, end);
  }
  if (raw.startsWith('"')) return interpolate(doubleQuoted(raw.slice(1)), vars, unresolved);
  const comment = raw.search(/\s#/);
  return interpolate((comment < 0 ? raw : raw.slice(0, comment)).trim(), vars, unresolved);
}

/** Variables of a `.env` text (see the module comment); `unresolved` collects what could not be interpolated. */
export function parseDotEnv(content: string, unresolved: Set<string> = new Set()): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of content.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    vars[m[1]!] = valueOf(m[2]!, vars, unresolved);
  }
  return vars;
}
