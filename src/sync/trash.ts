/**
 * The trash of an in-place tree (pure): what an in-place sync deletes or overwrites (rsync --delete,
 * a file replaced by the commit's) is moved, with its path relative to the tree, into a fresh
 * directory <path>/.deploy/trash/<release id> (rsync --backup --backup-dir), never destroyed. One
 * directory per sync: rsync replaces a file already in its backup directory, so a second sync of
 * the same release (a revert, a rollback to it) gets <id>.2, <id>.3, … The newest `keep_releases`
 * of them are kept. .deploy/ is protected from every sync (protection.ts).
 */
import { parseItemized, type ItemizedChange } from './run-rsync.js';
import { shellQuote as q } from '../transport/quote.js';

/** <root>/.deploy/trash */
export const trashRoot = (root: string): string => `${root}/.deploy/trash`;

const MARK = 'trash=';

/**
 * Shell: creates <root>/.deploy/trash, then sets $trash to the first of <root>/.deploy/trash/<id>,
 * <id>.2, <id>.3, … that does not exist (not created: rsync makes it when it moves something).
 *
 * The parent must exist before rsync runs: the generator (which moves what --delete removes) and
 * the receiver (which moves what it replaces) each create the backup directory with rsync's
 * make_path(), which fails when a directory it saw missing is made meanwhile by the other process
 * ("make_backup(<file>) failed: File exists", exit 23, or exit 11 from the receiver). That happens
 * only when more than the last level is missing: the first sync that both deletes and replaces.
 */
export function pickTrashScript(root: string, id: string): string {
  const base = `${trashRoot(root)}/${id}`;
  return `mkdir -p ${q(trashRoot(root))} || exit 1; trash=${q(base)}; n=1; while [ -e "$trash" ] || [ -L "$trash" ]; do n=$((n + 1)); trash=${q(base)}.$n; done`;
}

/** pickTrashScript, then the chosen directory printed on a line of its own (parsePickedTrash). */
export const printTrashScript = (root: string, id: string): string => `${pickTrashScript(root, id)}; printf '${MARK}%s\\n' "$trash"`;

/** The directory printTrashScript printed in `stdout`, if it did. */
const pickedIn = (stdout: string): string | undefined =>
  stdout
    .split('\n')
    .find((l) => l.startsWith(MARK))
    ?.slice(MARK.length);

/** The directory printTrashScript printed in `stdout`. */
export function parsePickedTrash(stdout: string): string {
  const picked = pickedIn(stdout);
  if (picked === undefined) throw new Error(`the trash directory was not chosen on the host: ${JSON.stringify(stdout.slice(-200))}`);
  return picked;
}

/**
 * describeRemoved of a sync run on the host whose output (`stdout`) holds the printed trash
 * directory and rsync's itemized changes (restoreScript with a trash); undefined without either.
 */
export function removedOnHost(root: string, stdout: string, source: string): string | undefined {
  const trash = pickedIn(stdout);
  return trash === undefined ? undefined : describeRemoved(root, trash, deletedPaths(parseItemized(stdout)), source);
}

/** Shell: removes all but the newest `keep` trash directories (by modification time); exits 0. */
export function pruneTrashScript(root: string, keep: number): string {
  const dir = q(trashRoot(root));
  const skip = Math.max(1, Math.floor(keep)) + 1;
  return `if [ -d ${dir} ]; then (cd ${dir} && ls -t | tail -n +${skip} | while IFS= read -r old; do rm -rf -- "$old"; done); fi; true`;
}

/** The paths an itemized rsync deleted (`*deleting` lines), a directory with its trailing "/". */
export const deletedPaths = (items: readonly ItemizedChange[]): string[] => items.filter((i) => i.flags === '*deleting').map((i) => i.path);

/**
 * One line saying what an in-place sync into `root` removed and where it went, naming the first
 * `shown` paths (a directory's files are named, not the directory itself); undefined when nothing
 * was. `source`: what the removed paths were not in (the commit, or a snapshot for a restore).
 */
export function describeRemoved(
  root: string,
  trash: string,
  deleted: readonly string[],
  source = 'the commit',
  shown = 5,
): string | undefined {
  if (deleted.length === 0) return undefined;
  const files = deleted.filter((p) => !p.endsWith('/'));
  const named = files.length > 0 ? files : deleted;
  const more = named.length > shown ? ', …' : '';
  const names = named.slice(0, shown);
  const n = deleted.length;
  return `in place: ${n} path${n === 1 ? '' : 's'} not in ${source} ${n === 1 ? 'was' : 'were'} removed from ${root}; kept in ${trash} (${names.join(', ')}${more})`;
}
