/**
 * POSIX sh text that runs commands side by side (each in the background) and waits for every one:
 * a round of `docker tag` calls costs one docker CLI start instead of one per image. Pure.
 */

/** Runs every command at once; the script's status is 0 only if every command exited 0. */
export function sideBySideScript(commands: readonly string[]): string {
  if (commands.length === 1) return commands[0]!;
  return [
    'gd_rc=0',
    ...commands.map((c, i) => `{ ${c}; } & gd_p${i}=$!`),
    ...commands.map((_, i) => `wait "$gd_p${i}" || gd_rc=1`),
    '[ "$gd_rc" = 0 ]',
  ].join('\n');
}
