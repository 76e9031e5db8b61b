/**
 * Submodules of the deployed commit: the upload is `git archive` of the commit, which leaves a
 * submodule's files out (it is an empty directory on the host), whatever the runner's checkout holds. The plan
 * names them, so a deploy that lacks them on the host is not a surprise.
 */

const SHOWN = 5;

/** One warning naming the submodules (the first few), or none. */
export function submoduleWarnings(submodules: readonly string[]): string[] {
  if (submodules.length === 0) return [];
  const one = submodules.length === 1;
  const more = submodules.length > SHOWN ? ` (+${submodules.length - SHOWN} more)` : '';
  return [
    `${one ? 'a git submodule' : `${submodules.length} git submodules`}: ${submodules.slice(0, SHOWN).join(', ')}${more}. ` +
      `A deploy uploads none of ${one ? 'its' : 'their'} files (the upload is git archive of the commit, which leaves submodules out): ` +
      `commit the files the app needs instead, or fetch them on the host in a task`,
  ];
}
