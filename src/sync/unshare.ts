/**
 * In place, the live tree shares its inodes with the hard-link snapshots of earlier releases
 * (passenger: .deploy/snapshots/<id>). rsync writes a changed file as a new inode, but a file whose
 * content is the same and whose mode alone changes (a commit flipping the executable bit) is
 * chmod-ed in place: the mode of every snapshot holding that inode would change with it, and a
 * rollback or an undo restoring one would bring back the wrong mode. Such files are copied to a
 * fresh inode in the live tree first (a dry run of the same rsync names them).
 */
import type { Executor } from '../transport/types.js';
import { shellQuote as q } from '../transport/quote.js';
import { manifestFunction, manifestPath, manifestsDir, writeManifestScript, type ManifestRules } from './manifest-script.js';
import type { ItemizedChange } from './run-rsync.js';

/** The regular files an itemized rsync keeps but changes the attributes of (`.f...p.....`), relative to its destination. */
export function attributeOnlyFiles(items: readonly ItemizedChange[]): string[] {
  return items.filter((i) => i.flags.startsWith('.f') && /[^.]/.test(i.flags.slice(2))).map((i) => i.path);
}

/**
 * Shell (pure): each path read from stdin (NUL-separated, relative to `root`: unshareInput) that is
 * a regular file of its own replaced by a copy of itself (same content, mode and times; a new
 * inode), through a temp name in its directory. A path that is not a regular file (gone, a link, a
 * name rsync printed escaped) is left alone. The list comes on stdin: a umask change lists every
 * file, more than one command line holds.
 */
export function unshareScript(root: string): string {
  const one = `if [ -f "$f" ] && [ ! -L "$f" ]; then t="$(dirname -- "$f")/.gitops-unshare.tmp"; rm -f -- "$t" && cp -p -- "$f" "$t" && mv -f -- "$t" "$f" || exit 255; fi`;
  return `cd ${q(root)} && xargs -0 -r sh -c ${q(`for f do ${one}; done`)} sh`;
}

/** The stdin of unshareScript: the paths, `./`-prefixed, NUL-terminated. */
export const unshareInput = (paths: readonly string[]): Buffer => Buffer.from(paths.map((p) => `./${p}\0`).join(''));

/**
 * The changes among `items` beyond the times (`.f..t......` is left out): a sync that keeps times
 * (-t, the frontend's) sets a rebuilt file's new mtime on every unchanged file, harmlessly; its
 * mode, owner or group are what a restore from another link would get wrong.
 */
export const beyondTimes = (items: readonly ItemizedChange[]): ItemizedChange[] => items.filter((i) => /[^.]/.test(i.flags.slice(5)));

/** Runs unshareScript for the attribute-only changes among `items` (nothing when there are none). */
export async function unshareAttributeChanges(exec: Executor, root: string, items: readonly ItemizedChange[]): Promise<void> {
  const paths = attributeOnlyFiles(items);
  if (paths.length > 0) await exec.sh(unshareScript(root), { stdin: unshareInput(paths) });
}

/**
 * rsync on the host of the files listed on stdin (NUL-separated, relative) onto themselves: -I
 * copies each one although it matches, to a temp file renamed over it (a new inode, same content,
 * mode and times; one process for the whole list, the name never missing).
 */
const COPY_ONTO_ITSELF = 'rsync -a -I --no-implied-dirs --from0 --files-from=- ./ ./';

/**
 * Shell (pure): every regular file below release directory `dir` with more than one link (the
 * hard links of an upload to an earlier release) gets an inode of its own, so that a task writing
 * over it in place changes no other release. Symbolic links (shared paths) are not followed.
 */
export function ownInodesScript(dir: string): string {
  return `cd ${q(dir)} && find . -type f -links +1 -print0 | ${COPY_ONTO_ITSELF}`;
}

/** A literal relative path as a `find -path` pattern below `.` (its glob characters escaped, no trailing slash). */
const findPathPattern = (rel: string): string =>
  `./${rel
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/[*?[\\]/g, '\\$&')}`;

/**
 * `find` clause (pure) skipping the protected paths `protect` (literal, relative, below `.`) as
 * rsync's protect rules do: a trailing `/` matches a directory only. Empty without paths.
 */
export function protectPruneClause(protect: readonly string[]): string {
  const one = (p: string): string => `-path ${q(findPathPattern(p))}${p.endsWith('/') ? ' -type d' : ''}`;
  return protect.length > 0 ? `\\( ${protect.map(one).join(' -o ')} \\) -prune -o ` : '';
}

/**
 * Shell (pure): as ownInodesScript, in `dir` without descending into the `keep` paths (literal,
 * relative; a trailing `/` marks a directory): public_html before the user tasks, whose protected
 * paths (uploads) are never restored from a copy and stay shared, while what a deploy puts there
 * gets inodes of its own. Nothing when `dir` does not exist.
 */
export function ownInodesOutsideScript(dir: string, keep: readonly string[]): string {
  const prune = keep.length > 0 ? `\\( ${keep.map((p) => `-path ${q(findPathPattern(p))}`).join(' -o ')} \\) -prune -o ` : '';
  return `if [ -d ${q(dir)} ]; then cd ${q(dir)} && find . ${prune}-type f -links +1 -print0 | ${COPY_ONTO_ITSELF}; fi`;
}

/**
 * Shell (pure): as ownInodesScript, for the paths read from stdin only (unshareInput, relative to
 * `root`): the committed files of an in-place tree, whose other files (data, the snapshots) are
 * left alone. A listed path that is not a regular file with more than one link is skipped.
 */
export function ownInodesOfScript(root: string): string {
  const linked = `find "$@" -maxdepth 0 -type f -links +1 -print0 2> /dev/null; exit 0`;
  return `cd ${q(root)} && xargs -0 -r sh -c ${q(linked)} sh | ${COPY_ONTO_ITSELF}`;
}

/**
 * Shell (pure): ownInodesScript on the kept directory `dir` of release `id` (a rollback's tasks run
 * there), its manifest kept true: when it matched the directory before, it is written again after
 * (the copies keep content, mode and times; only the inodes it hashes change), so the next upload
 * can still be a diff from it. A manifest that did not match (or none) is left as it was.
 */
export function ownInodesKeptScript(root: string, dir: string, id: string, rules: ManifestRules): string {
  const m = q(manifestPath(root, id));
  return [
    manifestFunction(rules),
    `t=${q(`${manifestsDir(root)}/.check`)}-$$`,
    'ok=',
    `if [ -f ${m} ]; then h=$(manifest ${q(dir)} "$t"); rm -f "$t" "$t.s"; [ -n "$h" ] && [ "$h" = "$(cat ${m})" ] && ok=1; fi`,
    `( ${ownInodesScript(dir)} ) || exit 1`,
    '[ -n "$ok" ] || exit 0',
    writeManifestScript(root, dir, id, rules),
  ].join('\n');
}
