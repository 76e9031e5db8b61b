/**
 * File modes of what a deploy writes on the host (pure): a umask, checked once, becomes the remote
 * shell's `umask` and rsync's `--chmod` (rsync -p would otherwise copy the modes of `git archive`,
 * whose default tar.umask 002 makes files 664 and directories 775).
 */

/** The umask of every deploy unless the target sets one: files 644 (755 executable), directories 755. */
export const DEFAULT_UMASK = '022';

const UMASK = /^0?[0-7]{3}$/;

/** Why `umask` cannot be a deploy's umask, or undefined when it can. */
export function umaskProblem(umask: string): string | undefined {
  if (!UMASK.test(umask)) return 'expected a umask as a quoted octal string like "022" or "027"';
  const bits = parseInt(umask, 8);
  if ((bits & 0o022) !== 0o022)
    return `umask ${umask} leaves deployed files writable by the group or others: it must mask both (e.g. "022", "027")`;
  if ((bits & 0o700) !== 0) return `umask ${umask} takes permissions from the owner, the deploy could not write its own files`;
  return undefined;
}

function assertUmask(umask: string): void {
  const problem = umaskProblem(umask);
  if (problem) throw new Error(problem);
}

/** `umask 022` for the remote shell (validated: the value is never free text). */
export function umaskCommand(umask: string): string {
  assertUmask(umask);
  return `umask ${umask.padStart(4, '0')}`;
}

/** rsync `--chmod` value removing what the umask masks, e.g. "022" → "g-w,o-w", "027" → "g-w,o-rwx". */
export function rsyncChmod(umask: string): string {
  assertUmask(umask);
  const bits = parseInt(umask, 8);
  const letters = (digit: number): string => ['r', 'w', 'x'].filter((_, i) => digit & (4 >> i)).join('');
  return [
    ['g', (bits >> 3) & 7],
    ['o', bits & 7],
  ]
    .filter(([, digit]) => digit !== 0)
    .map(([who, digit]) => `${who}-${letters(digit as number)}`)
    .join(',');
}
