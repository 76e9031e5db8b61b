/** POSIX shell quoting for commands that must cross a shell (ssh always does). */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one argument so that `sh` passes it through unchanged. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('argument contains a NUL byte');
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quote an argument array into one command line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
