/**
 * Which values a config error must not quote: those under a secret-ish key (password, token, key,
 * secret, auth, cookie, credential) and those that look like a secret wherever they are (a URL or
 * user:password@host carrying a password, a known token prefix, both letter cases mixed with a digit or sign and
 * no spaces). Such a value is described by its shape only, so a password put under the wrong key
 * never reaches a log.
 */
const SECRET_KEY = /pass(word|wd)?|token|secret|key|auth|cookie|credential/i;
const WITH_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/)?[^\s/@:]*:[^\s/@]+@/i;
const TOKEN_PREFIX = /^(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|AKIA|ya29\.|eyJ)/;
/** `password: x`, `token=x` written inside a text (a mapping quoted by mistake) */
const ASSIGNED = /(pass(word|wd)?|token|secret)\s*[:=]\s*\S/i;
const AUTH_SCHEME = /^(Bearer|Basic|Token|Digest)\s+\S{8,}$/i;
/** said of a value not shown */
export const HIDDEN = 'not shown: it may be a secret';

/** True when a segment of `path` names a secret (`backup.password_env`, `headers.Authorization`). */
export function secretKeyIn(path: readonly PropertyKey[]): boolean {
  return path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
}

/** True when a text looks like a password or token (no spaces, 8+ characters, not a path or plain URL). */
export function looksSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(looksSecret);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => (SECRET_KEY.test(k) && v !== null && v !== '') || looksSecret(v));
  if (typeof value === 'string' && ASSIGNED.test(value)) return true;
  if (typeof value === 'string' && AUTH_SCHEME.test(value.trim())) return true;
  if (typeof value !== 'string' || value.length < 8 || /\s/.test(value)) return false;
  if (WITH_PASSWORD.test(value) || TOKEN_PREFIX.test(value)) return true;
  if (/^[./~]/.test(value) || value.includes('://')) return false;
  // both cases and a digit or sign (user@host:port, paths and names have no capitals), or long letters and digits
  const mixed = /[a-z]/.test(value) && /[A-Z]/.test(value) && /[^A-Za-z]/.test(value);
  return mixed || (value.length >= 20 && /[0-9]/.test(value) && /[A-Za-z]/.test(value));
}

/** True when the value at `path` must not be quoted. */
export function hiddenValue(path: readonly PropertyKey[], value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== 'boolean' && (secretKeyIn(path) || looksSecret(value));
}

/** `message` with every quoted string that looks like a secret, and `value` itself when hidden, replaced by a note. */
export function redactMessage(message: string, path: readonly PropertyKey[], value: unknown): string {
  let out = message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
    try {
      return looksSecret(JSON.parse(quoted)) ? `<${HIDDEN}>` : quoted;
    } catch {
      return quoted;
    }
  });
  if (hiddenValue(path, value) && (typeof value === 'string' || typeof value === 'number') && String(value).length >= 4)
    out = out.split(JSON.stringify(value)).join(`<${HIDDEN}>`).split(String(value)).join(`<${HIDDEN}>`);
  return out;
}
