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
