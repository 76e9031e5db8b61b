/**
 * Committed files under a `shared` entry of the target: the deploy links the entry to
 * <path>/shared/<entry> (as Capistrano's linked_dirs/linked_files do), so the commit's copies never
 * reach the host, in any layout. Nothing is copied into shared/ (a committed .env must not replace
 * the host's); the plan names the files so the user is not surprised.
 */

export interface SharedTarget {
  name: string;
  shared: readonly string[];
}

const SHOWN = 5;

/** The tracked files `entry` covers: the file itself, or everything under a directory entry. */
export function filesUnder(entry: string, tracked: readonly string[]): string[] {
  const name = entry.replace(/\/+$/, '');
  return tracked.filter((f) => f === name || f.startsWith(`${name}/`));
}

/** One warning per `shared` entry that hides committed files, naming them (the first few). */
export function sharedHidesCommittedWarnings(tracked: readonly string[], target: SharedTarget): string[] {
  return target.shared.flatMap((entry) => {
    const files = filesUnder(entry, tracked);
    if (files.length === 0) return [];
    const more = files.length > SHOWN ? ` (+${files.length - SHOWN} more)` : '';
    const name = entry.replace(/\/+$/, '');
    return [
      `targets.${target.name}.shared "${entry}" hides ${files.length === 1 ? 'a committed file' : `${files.length} committed files`}: ` +
        `${files.slice(0, SHOWN).join(', ')}${more}. A deploy never uploads ${files.length === 1 ? 'it' : 'them'}: ` +
        `${name} is a link to <path>/shared/${name} on the host. Copy what the app needs there by hand, or remove ${files.length === 1 ? 'it' : 'them'} from git`,
    ];
  });
}
