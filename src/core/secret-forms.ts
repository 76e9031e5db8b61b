/**
 * The forms of a secret a log line can hold. Logs are masked line by line (the runner's masker,
 * the CLI's), so a multi-line secret (an SSH key) is only hidden when each of its lines is a secret
 * of its own: the runner does that for `secrets.*` values, not for an `add-mask` of a value that
 * reached the Action another way (a step output, an environment variable).
 */

/** The value and each of its lines, trimmed, of 8 characters or more (shorter ones would hide ordinary words); each once. */
export function secretForms(value: string): string[] {
  const lines = value
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 8);
  return [...new Set([value, ...lines])];
}
