/** Short forms of text for logs, notes and error messages. */

/** A commit sha or release id as shown to people: its first 12 characters. */
export function shortSha(id: string): string {
  return id.slice(0, 12);
}

/** The last `lines` lines of a command's output, without leading blank lines and trailing whitespace. */
export function tail(text: string, lines = 20): string {
  return text
    .replace(/^\s*\n/, '')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .join('\n');
}

/**
 * An integer with commas between thousands ("10,001"), as toLocaleString('en-US') writes it, without
 * Intl: its first call in a process loads ICU's locale data (15-26 ms measured, in every deploy's Upload).
 */
export function thousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return `${n < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
}

/** Names of services, tasks, targets and rules (compose service names reach argv: only these are passed). */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
