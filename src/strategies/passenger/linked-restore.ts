/**
 * Restoring public_html from a tree it shares most inodes with (the hard-link frontend copies, the
 * snapshot for the undo), and its dry run, without reading every byte of both (rsync --checksum
 * does). A file whose inode both trees share is the same file (content, mode, times); a file whose
 * size differs is a change either way: rsync's quick check decides those. Only the regular files
 * in both trees with the same size and inodes of their own (e.g. one a task rewrote in place, size
 * and mtime unchanged) are compared by content, by a --checksum run restricted to them that goes
 * first (when they are most of the tree, a plain --checksum run of all instead: MANY). Same end state and same itemized lines as restoreScript / restoreDryRunScript.
 */
import { shellJoin, shellQuote as q } from '../../transport/quote.js';
import { printTrashScript, pruneTrashScript } from '../../sync/trash.js';
import { protectPruneClause } from '../../sync/unshare.js';
import { hostSyncArgs, type HostSync, type RestoreKeep } from './host-sync.js';

/** What these restores keep: `protect` (literal paths, left out of the comparison too) and `chmod`. */
export type LinkedKeep = Omit<RestoreKeep, 'excludes'>;

/** The list of files to compare by content, written by unsharedSameSizeScript (inside the run's temp dir "$t"). */
const LIST = '"$t/same-size"';

/**
 * Shell (pure): writes to "$t/same-size" the regular files (relative, NUL-separated) found in both
 * `src` and `dest`, outside `protect`, with the same size and different inodes (device and inode
 * number); a missing directory has no files. "$t" is an existing directory; a `find` that fails
 * fails the script.
 */
export function unsharedSameSizeScript(src: string, dest: string, protect: readonly string[]): string {
  const list = (dir: string, to: string): string =>
    `{ [ ! -d ${q(dir)} ] || (cd ${q(dir)} && find . ${protectPruneClause(protect)}-type f -printf '%s %D:%i %P\\0'); } > "$t/${to}"`;
  const bySize = `sed -z 's/ [^ ]* / /' "$t/s" "$t/d" | sort -z | uniq -zd`;
  const sameInode = `sort -z "$t/s" "$t/d" | uniq -zd | sed -z 's/ [^ ]* / /'`;
  const rest = `{ ${bySize}; ${sameInode}; } | sort -z | uniq -zu | sed -z 's/^[0-9]* //' > ${LIST}`;
  return `${list(src, 's')} && ${list(dest, 'd')} && ( export LC_ALL=C && ${rest} )`;
}

/** hostSyncArgs as shell words, with `extra` (shell text) before the paths. */
function rsyncText(o: HostSync, extra: string): string {
  const args = hostSyncArgs(o);
  const end = args.indexOf('--');
  return [shellJoin(args.slice(0, end)), extra, shellJoin(args.slice(end))].filter(Boolean).join(' ');
}

/**
 * The --checksum run on the listed files (none: not run; no --delete: they are in both trees),
 * then the quick check of all; `extra` (shell text) added to both, `listedExtra` to the first.
 * Third: the plain --checksum run of all, for when the list is most of the tree (MANY).
 */
function passes(
  src: string,
  dest: string,
  keep: LinkedKeep,
  o: { dryRun: boolean; extra: string; listedExtra?: string },
): [string, string, string] {
  const rules = { src, dest, protect: keep.protect, chmod: keep.chmod, dryRun: o.dryRun };
  const listedExtra = [o.extra, o.listedExtra ?? '', `--from0 --files-from=${LIST} --no-implied-dirs`].filter(Boolean).join(' ');
  const listed = `{ [ ! -s ${LIST} ] || ${rsyncText({ ...rules, checksum: true }, listedExtra)}; }`;
  return [listed, rsyncText({ ...rules, delete: true }, o.extra), rsyncText({ ...rules, delete: true, checksum: true }, o.extra)];
}

/**
 * Shell test: the list holds more than a quarter of the files of `dest` (a tree whose files all got
 * inodes of their own, e.g. by the tasks of a deploy): rsync reading a --files-from list costs
 * about twice its recursion per file, so one --checksum run of all is cheaper then.
 */
const MANY = `[ $(($(tr -cd '\\000' < ${LIST} | wc -c) * 4)) -gt $(tr -cd '\\000' < "$t/d" | wc -c) ]`;

/** Runs `body` in a subshell with a fresh temp dir "$t" (removed after), keeping its exit status. */
const inTempDir = (body: string): string => `(\nt=$(mktemp -d) || exit 1\n${body}\nrc=$?\nrm -rf "$t"\nexit $rc\n)`;

/**
 * awk (C locale): the --checksum run's lines (`-ii`: every listed file, an unchanged one with
 * blank flags), a `#` line, then the quick check's; prints the listed files' changes, then the
 * quick check's lines about the other paths (its verdict on a listed file went by size+mtime).
 */
const MERGE_AWK = `!sep && $0 == "#" { sep = 1; next }
$0 == "" { next }
!sep { s[substr($0, 13)] = 1; if (substr($0, 3, 9) != "         ") print; next }
!(substr($0, 13) in s)`;

/** What linkedRestoreScript would change, itemized, changing nothing; nothing without the snapshot. */
export function linkedRestoreDryRunScript(snapshot: string, dest: string, keep: LinkedKeep = {}): string {
  // a second -i: the run lists every listed file, the unchanged ones too (their quick-check lines are dropped)
  const [listed, all, full] = passes(snapshot, dest, keep, { dryRun: true, extra: '', listedExtra: '--itemize-changes' });
  const body = [
    `${unsharedSameSizeScript(snapshot, dest, keep.protect ?? [])} || exit 1`,
    `if ${MANY}; then ${full}; else`,
    `c=$(${listed})`,
    'rc=$?',
    `a=$(${all}) || rc=$?`,
    `printf '%s\\n#\\n%s\\n' "$c" "$a" | LC_ALL=C awk ${q(MERGE_AWK)}`,
    '[ $rc = 0 ]; fi',
  ].join('\n');
  return `if [ -d ${q(snapshot)} ]; then ${inTempDir(body)}; fi`;
}

/**
 * Makes `dest` equal to `snapshot` again, as restoreScript with the same `keep` (a trash included):
 * what the restore deletes or overwrites goes to the trash, its itemized lines printed.
 */
export function linkedRestoreScript(snapshot: string, dest: string, keep: LinkedKeep = {}): string {
  const { trash } = keep;
  const extra = trash ? '--itemize-changes --backup "--backup-dir=$trash"' : '';
  const [listed, all, full] = passes(snapshot, dest, keep, { dryRun: false, extra });
  const body = `${unsharedSameSizeScript(snapshot, dest, keep.protect ?? [])} && if ${MANY}; then ${full}; else ${listed} && ${all}; fi`;
  const check = `if [ ! -d ${q(snapshot)} ]; then echo ${q(`no snapshot at ${snapshot}`)} >&2; exit 1; fi`;
  if (!trash) return `${check}\n${inTempDir(body)} || exit 1`;
  return [check, printTrashScript(trash.root, trash.id), `${inTempDir(body)} || exit 1`, pruneTrashScript(trash.root, trash.keep)].join(
    '\n',
  );
}
