/**
 * Field schemas shared by the config sections. Every error message either starts with
 * "expected ..." (the loader appends ", got <value>") or is a complete sentence.
 */
import * as z from 'zod';
import { NAME_PATTERN } from '../core/text.js';
import { umaskProblem } from '../transport/modes.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { BRACKET_EXPECTED, bracketIsIp, hostSpellingHint, inPortRange, SSH_HOST, SSH_HOST_PORT } from './ssh-address.js';

/** Compose project names (what docker compose accepts for -p). */
export const PROJECT_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Single line: no newline, carriage return or NUL. */
const SINGLE_LINE = /^[^\0\r\n]*$/;
/** Not "/"-prefixed, no ".." segment, single line, non-empty. */
const RELATIVE_PATH = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/;
/**
 * A path a sync protects literally (sync/rsync.ts protectPattern) and links (shared entries): plain
 * names joined by single "/", optionally after "./" and before trailing "/"s; no "", "." or ".."
 * segment, no space at either end, single line.
 */
const PROTECTED_PATH = /^(?:\.\/)*(?!\s)(?!\.\.?(?:\/|$))[^/\0\r\n]+(?:\/(?!\.\.?(?:\/|$))[^/\0\r\n]+)*(?<!\s)\/*$/;
/** "/"-prefixed, no ".." segment, single line. */
const ABSOLUTE_PATH = /^\/(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]*$/;
/** Relative or absolute, no ".." segment, single line, non-empty. */
const ANY_PATH = /^(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/;
/** Repo-relative glob: no leading "/" or "./", single line, non-empty. */
const GLOB = /^(?!\/)(?!\.\/)[^\0\r\n]+$/;
const NO_TRAILING_BACKSLASH = /(?:^|[^\\])$/;
/** The longest pattern picomatch compiles. */
const GLOB_MAX_LENGTH = 65_536;
const DURATION_RE = new RegExp(DURATION_PATTERN);
/** "0s", "0m0s": a duration of zero. */
const ZERO_DURATION = '^(0+(ms|s|m|h))+$';
const HTTP_URL = /^https?:\/\/[^\s\0]+$/;
/** Shell variable names (what `sh` can read and export). */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Anything but "/", however spelled ("//", "/./"): a regex, so the JSON schema says it too. */
const NOT_ROOT = /^(?!(?:\/\.?)+$)/;

export const serviceListDescription = 'expected a list of service names or "all"';
export const durationDescription = 'expected a duration like "90s", "30m", "2h" or "1h30m"';

/** Attach the description shown in the JSON schema (and editors). */
export function described<T extends z.ZodType>(schema: T, description: string): T {
  return schema.meta({ description });
}

/** Any single-line string. */
export function text(expected = 'expected a string') {
  return z.string({ error: expected }).regex(SINGLE_LINE, { error: 'expected a single line (no newline or NUL characters)' });
}

/**
 * A non-empty single-line value a client gets as a command-line argument (a database name, user or
 * host): one starting with "-" would be read as an option (`mysqldump --result-file=…`).
 */
export function argument(expected: string) {
  return text(expected)
    .min(1, { error: expected })
    .refine((v) => !v.startsWith('-'), { error: `${expected} that does not start with "-" (the client would read it as an option)` });
}

/** Non-empty single-line string (commands). */
export function command(expected = 'expected a shell command') {
  return text(expected).min(1, { error: expected });
}

/** A service/task/target/rule name. */
export function name(kind: string) {
  return z
    .string({ error: `expected a ${kind} name` })
    .regex(NAME_PATTERN, { error: `expected a ${kind} name matching ${NAME_PATTERN.source}` });
}

export function relativePath(what = 'a relative path') {
  return z
    .string({ error: `expected ${what}` })
    .regex(RELATIVE_PATH, { error: `expected ${what} (no leading "/", no ".." segments, one line)` });
}

export function absolutePath(what = 'an absolute path') {
  return z
    .string({ error: `expected ${what}` })
    .regex(ABSOLUTE_PATH, { error: `expected ${what} (starting with "/", no ".." segments, one line)` });
}

/** An absolute directory a deploy syncs into with --delete: never the filesystem root. */
export function absoluteDirectory(what = 'an absolute path') {
  return absolutePath(what).regex(NOT_ROOT, {
    error: `expected ${what} other than "/" (the deploy syncs into it with --delete)`,
  });
}

/** The name of an environment variable. */
export function envName() {
  const expected = `expected an environment variable name matching ${ENV_NAME_PATTERN.source} (letters, digits and _, not starting with a digit)`;
  return z.string({ error: expected }).regex(ENV_NAME_PATTERN, { error: expected });
}

export function anyPath(what = 'a path') {
  return z.string({ error: `expected ${what}` }).regex(ANY_PATH, { error: `expected ${what} (no ".." segments, one line)` });
}

export function glob() {
  const expected = 'expected a repo-relative glob pattern';
  return (
    z
      .string({ error: expected })
      .regex(GLOB, { error: `${expected} (no leading "/" or "./", one line)` })
      // picomatch loops forever on some patterns ending with backslashes ("docs/\\\\"), and throws past its length limit
      .regex(NO_TRAILING_BACKSLASH, { error: 'expected a glob pattern that does not end with "\\" (it escapes nothing)' })
      .max(GLOB_MAX_LENGTH, { error: `expected a glob pattern of at most ${GLOB_MAX_LENGTH} characters` })
  );
}

export function globList() {
  const expected = 'expected a list of glob patterns';
  return z.array(glob(), { error: expected }).min(1, { error: `${expected} (at least one)` });
}

export function relativePathList() {
  return z.array(relativePath(), { error: 'expected a list of relative paths' });
}

/**
 * Paths a sync never deletes nor overwrites (shared entries, frontend.protect): relative paths
 * (relativePath's message for a ".." or a leading "/") of plain names (PROTECTED_PATH). A refinement,
 * not a pattern: the JSON schema keeps relativePath's.
 */
export function protectedPathList() {
  const expected =
    'expected a relative path of plain names (no leading "/", no ".", ".." or empty segment, no space at either end; a trailing "/" marks a directory)';
  const plain = (p: string): boolean => !RELATIVE_PATH.test(p) || PROTECTED_PATH.test(p);
  return z.array(relativePath().refine(plain, { error: expected }), { error: 'expected a list of relative paths' });
}

export function serviceList() {
  return z.union([z.literal('all'), z.array(name('service'), { error: serviceListDescription })], {
    error: serviceListDescription,
  });
}

/** A known misspelling of a user@host (hostSpellingHint) refused with its own message, before the pattern's. */
const spelledRight = (portAllowed: boolean) =>
  [
    (s: string) => hostSpellingHint(s, portAllowed) === undefined,
    { error: (issue: { input: unknown }) => hostSpellingHint(String(issue.input), portAllowed), abort: true },
  ] as const;

export function sshHost() {
  const expected = 'expected user@host (e.g. deploy@example.com, deploy@[2001:db8::1])';
  return z
    .string({ error: expected })
    .refine(...spelledRight(false))
    .regex(SSH_HOST, { error: expected })
    .refine(bracketIsIp, { error: BRACKET_EXPECTED });
}

/** One entry of `hosts:`: user@host or user@host:port (port 1 to 65535). */
export function sshHostWithPort() {
  const expected = 'expected user@host or user@host:port (e.g. deploy@h1, deploy@h2:2222, deploy@[2001:db8::1]:22)';
  return z
    .string({ error: expected })
    .refine(...spelledRight(true))
    .regex(SSH_HOST_PORT, { error: expected })
    .refine((s) => inPortRange(SSH_HOST_PORT.exec(s)?.[1]), {
      error: 'expected a port between 1 and 65535',
    })
    .refine(bracketIsIp, { error: BRACKET_EXPECTED });
}

/**
 * A URL the probe can request: `http://::1:8000/` or `http://[::1:8000/` passed HTTP_URL and curl
 * refused them only in the Verify phase, after the switch. A zone (`[fe80::1%eth0]`, or RFC 6874's
 * `%25eth0`), which WHATWG URL does not take, is left out of the parse.
 */
const parsesAsUrl = (u: string): boolean => URL.canParse(u.replace(/^(https?:\/\/[^/?#]*\[[0-9A-Fa-f:.]+)%[^\]]*\]/, '$1]'));

/**
 * The zone id of a link-local address in brackets, as written after its "%" (`eth0`, or `25eth0`
 * for RFC 6874's `%25eth0`). curl, python3's urllib and BusyBox wget (the probes of Verify) all
 * take an interface name after a bare "%"; BusyBox wget refuses `%25` (doctor says so).
 */
const ZONE = /^https?:\/\/[^/?#]*\[[0-9A-Fa-f:.]+%([^\]]*)\]/;
const zoneIsName = (u: string): boolean => {
  const zone = ZONE.exec(u)?.[1];
  return zone === undefined || /^[A-Za-z0-9._~-]+$/.test(zone);
};

export function httpUrl() {
  const expected = 'expected an http:// or https:// URL (an IPv6 address in brackets: http://[::1]:8000/)';
  const zone =
    'expected an IPv6 zone id after "%" that is an interface name (letters, digits, ".", "_", "~", "-"): http://[fe80::1%eth0]:8000/';
  return z
    .string({ error: expected })
    .regex(HTTP_URL, { error: expected })
    .refine(zoneIsName, { error: zone, abort: true })
    .refine(parsesAsUrl, { error: expected });
}

/** Request headers: token names, single-line values (sent by curl/wget/python on the host). */
export function httpHeaders() {
  const headerName = z
    .string({ error: 'expected a header name' })
    .regex(/^[A-Za-z0-9-]+$/, { error: 'expected a header name (letters, digits and "-")' });
  return z.record(headerName, text('expected a header value'), { error: 'expected a mapping of header names to values' });
}

export function bool() {
  return z.boolean({ error: 'expected true or false' });
}

export function integer(min: number, max: number, what = 'an integer') {
  const expected = `expected ${what} between ${min} and ${max}`;
  return z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

export function port() {
  return integer(1, 65535, 'a port number');
}

/** The longest duration in whole days that is still an exact number of milliseconds. */
const DURATION_MAX_DAYS = Math.floor(Number.MAX_SAFE_INTEGER / 86_400_000);
/** The longest wait a timer takes (setTimeout fires at once past 2^31 - 1 ms, about 24.8 days). */
const TIMER_MAX_DAYS = 24;

/** What is wrong with the value of a well-formed duration string (not judged otherwise: one message per problem). */
function durationProblem(s: string, maxDays: number, zero: boolean): string | undefined {
  if (!DURATION_RE.test(s)) return undefined;
  const ms = parseDuration(s);
  if (ms === undefined || ms > maxDays * 86_400_000) return `expected a duration of at most ${maxDays}d`;
  return ms === 0 && !zero ? 'expected a duration greater than zero' : undefined;
}

/** A duration string: its format, then its value (at most `maxDays`, zero only with `zero`). */
function durationString(maxDays: number, zero: boolean) {
  return z
    .string({ error: durationDescription })
    .regex(DURATION_RE, { error: durationDescription })
    .superRefine((s, ctx) => {
      const problem = durationProblem(s, maxDays, zero);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** Duration string in the file (greater than zero), milliseconds after parsing. */
export function durationValue() {
  return (
    durationString(DURATION_MAX_DAYS, false)
      // the JSON schema's form of the refine: not every part zero
      .meta({ not: { pattern: ZERO_DURATION } })
      .transform((s) => parseDuration(s) as number)
  );
}

/** A duration with a default: `fallback` is the input-side default. */
export function duration(fallback: string) {
  return durationValue().prefault(fallback);
}

/** A duration that may be zero (a pause, waited with a timer), milliseconds after parsing. */
export function durationOrZero(fallback: string) {
  return durationString(TIMER_MAX_DAYS, true)
    .transform((s) => parseDuration(s) as number)
    .prefault(fallback);
}

/** A regular expression given as a string (validated by compiling it). */
export function regexText(expected = 'expected a regular expression') {
  return text(expected).refine(
    (s) => {
      if (!SINGLE_LINE.test(s)) return true; // reported by text()
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    },
    { error: `${expected} that compiles in JavaScript` },
  );
}

/** A deploy umask: a quoted octal string masking group and other write (see sync/modes.ts). */
export function umask() {
  const expected = 'expected a umask as a quoted octal string like "022" (unquoted, YAML reads 022 as the number 22)';
  return z.string({ error: expected }).superRefine((value, ctx) => {
    const problem = umaskProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
