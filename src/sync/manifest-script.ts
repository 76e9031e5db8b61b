/**
 * The manifest of a release directory (pure script builders): one sha256 over what the upload left
 * there (type, mode, size, mtime with its fraction, inode, symlink target, path of every entry;
 * directories by type, mode and path only) and over the rules it was uploaded with (modes, shared
 * paths, protection, excludes). It is stored in <path>/.deploy/manifests/<release> after every
 * upload; a diff upload only starts from a release whose directory still matches it, i.e. was not
 * changed by hand since (ctime is left out: hard links change it). What the running app owns
 * (protected paths such as passenger's tmp/, runtime directories such as __pycache__) is left out.
 *
 * Version 2: the release's Git LFS files hold their content. Releases uploaded before it may hold
 * LFS pointers (an upload before LFS content was sent): their v1 manifests never match, so the
 * first upload from such a release is a full one (rsync compares every file's content).
 */
import { shellQuote as q } from '../transport/quote.js';
import { linkAboveGuard } from './layout.js';
import type { SyncRules } from './protection.js';
import { FIRST_FAILED_CODE, firstThen } from './upload-first.js';

/** The manifest format (see above): 2 = LFS files hold their content. */
export const MANIFEST_VERSION = 2;

export const manifestsDir = (root: string): string => `${root}/.deploy/manifests`;
export const manifestPath = (root: string, id: string): string => `${manifestsDir(root)}/${id}`;

/** The upload rules a manifest is bound to: any change of them forces a full upload. */
export interface ManifestRules extends SyncRules {
  chmod: string;
  shared: readonly string[];
}

const strip = (p: string): string => p.replace(/\/+$/, '');
/** A literal path for `find -path` (fnmatch: escape its wildcards). */
const literalGlob = (rel: string): string => rel.replace(/[*?[\\]/g, '\\$&');

/** The find expression pruning what the app owns, or '' when nothing is. */
function pruneClause(rules: ManifestRules): string {
  const tests = [
    ...rules.protect.map((p) => `-path ${q(`./${literalGlob(strip(p))}`)}`),
    ...rules.runtime.map((name) => `-name ${q(literalGlob(name))}`),
  ];
  return tests.length === 0 ? '' : `\\( ${tests.join(' -o ')} \\) -prune -o `;
}

/**
 * Shell function `manifest DIR TMP`: prints the manifest hash of DIR (TMP, TMP.s: scratch files,
 * removed). Anything failing prints something other than 64 hex digits (checked by the callers).
 */
export function manifestFunction(rules: ManifestRules): string {
  const config = JSON.stringify({
    v: MANIFEST_VERSION,
    chmod: rules.chmod,
    shared: rules.shared,
    protect: rules.protect,
    excludes: rules.excludes,
  });
  const find = `find . ${pruneClause(rules)}-type d -printf 'd %m %p\\0' -o -printf '%y %m %s %T@ %i %l %p\\0'`;
  return [
    'manifest() {',
    `  ( cd "$1" && ${find} > "$2" ) || { rm -f "$2"; return 1; }`,
    `  LC_ALL=C sort -z "$2" > "$2.s" || { rm -f "$2" "$2.s"; return 1; }`,
    `  { printf '%s\\n' ${q(config)}; cat "$2.s"; } | sha256sum | cut -c1-64`,
    '  rm -f "$2" "$2.s"',
    '}',
  ].join('\n');
}

/** A shell test that `$1`-like variable `name` holds a sha256 (64 lowercase hex digits). */
const isHash = (name: string): string => `[ \${#${name}} -eq 64 ] && [ -z "$(printf '%s' "$${name}" | tr -d 0-9a-f)" ]`;

export interface DiffUpload {
  /** deploy path (layout root) */
  root: string;
  /** the previous release's directory and id */
  previousDir: string;
  previous: string;
  /** the new release's directory */
  dir: string;
  /** bytes of the NUL-separated list of paths to remove, first on stdin */
  listBytes: number;
  /** a gzipped tar of the changed files follows the list on stdin */
  archive: boolean;
  /** the content of the new release's REVISION file, unless the rules leave it out */
  revision?: string;
  /** what every upload runs after its sync (upload.ts afterUploadScript): the shared links, the manifest */
  after: string;
  /** run before anything (upload-first.ts): when it fails, stdin is drained and the script exits FIRST_FAILED_CODE */
  first?: string;
}

/** The exit code of a diff upload that did not run (stdout `full <why>`): the full upload follows. */
export const DIFF_FALLBACK_CODE = 3;

/**
 * The whole diff upload of a release in one round trip, stdin: a NUL-separated list of paths
 * (relative, `./`-prefixed, `listBytes` long) then, with `archive`, a gzipped tar of the changed
 * files. Creates the new release directory; when it is empty and the previous release's directory
 * still matches its manifest, hard-links the previous release into it (`cp -al`) and drops what
 * the app owns from the copy (a full upload would not have it; never through a directory that is a
 * symbolic link: such a copy falls back), unlinks every listed path there
 * (the previous release's inodes are never written), extracts the tar (mtime: now; owner: the
 * user), writes REVISION, then runs `after`. Any fallback drains stdin, prints `full <why>` and
 * exits DIFF_FALLBACK_CODE, leaving the directory as it found it (after the copy: emptied). With
 * `first`, that runs before all of it (upload-first.ts).
 */
export function diffUploadScript(s: DiffUpload, rules: ManifestRules): string {
  const [n, p, m] = [q(s.dir), q(s.previousDir), q(manifestPath(s.root, s.previous))];
  const owned = [...rules.protect.map((x) => `${s.dir}/${strip(x)}`)].map(q).join(' ');
  const dropOwned = [
    ...(owned ? [`rm -rf ${owned}`] : []),
    ...rules.runtime.map((name) => `find ${n} -type d -name ${q(name)} -prune -exec rm -rf {} +`),
  ].join(' && ');
  const skip = (why: string): string => `skip ${q(why)}`;
  const undo = (why: string): string => `undo ${q(why)}`;
  // the copy's owned paths are removed only where no directory above them is a link (rm would follow it)
  const linkAbove = undo('a protected path lies below a symbolic link in the previous release');
  const guards = rules.protect.map((x) => linkAboveGuard(s.dir, strip(x), linkAbove)).filter(Boolean);
  return [
    manifestFunction(rules),
    `skip() { cat > /dev/null; printf 'full %s\n' "$1"; exit ${DIFF_FALLBACK_CODE}; }`,
    `undo() { rm -f "$t.l"; rm -rf ${n}; mkdir -p ${n}; skip "$1"; }`,
    firstThen(s.first, `mkdir -p ${n} || exit 1`, `{ cat > /dev/null; exit ${FIRST_FAILED_CODE}; }`),
    `[ -z "$(ls -A ${n})" ] || ${skip('the new release directory is not empty: a retry')}`,
    `[ -d ${p} ] && [ -f ${m} ] || ${skip('the previous release has no directory or no manifest')}`,
    `t=${q(`${manifestsDir(s.root)}/.check`)}-$$`,
    `h=$(manifest ${p} "$t"); rm -f "$t" "$t.s"`,
    `${isHash('h')} && [ "$h" = "$(cat ${m})" ] || ${skip('the previous release directory changed since its upload, or the upload rules did')}`,
    `cp -al ${p}/. ${n}/ || ${undo('cp -al of the previous release failed')}`,
    ...guards,
    ...(dropOwned ? [`{ ${dropOwned}; } || ${undo('the protected paths could not be dropped from the copy')}`] : []),
    `dd bs=1 count=${s.listBytes} of="$t.l" 2> /dev/null && ( cd ${n} && xargs -0 -r rm -rf -- < "$t.l" ) || ${undo('the changed paths could not be removed from the copy')}`,
    'rm -f "$t.l"',
    ...(s.archive ? [`gzip -dc | tar -x -m -o -f - -C ${n} || ${undo('tar could not extract the changed files')}`] : []),
    ...(s.revision === undefined ? [] : [`printf '%s\n' ${q(s.revision)} > ${n}/REVISION || ${undo('REVISION could not be written')}`]),
    'echo diff',
    s.after,
  ].join('\n');
}

/**
 * After an upload (any mode): the manifest of release `id`'s directory written atomically (tmp +
 * mv). Never fails the run: a manifest that cannot be computed is removed (the next upload is full).
 */
export function writeManifestScript(root: string, dir: string, id: string, rules: ManifestRules): string {
  const d = manifestsDir(root);
  const m = q(manifestPath(root, id));
  return [
    manifestFunction(rules),
    `t=${q(`${d}/.tmp`)}-$$`,
    `( umask 077; mkdir -p ${q(d)} && h=$(manifest ${q(dir)} "$t") && ${isHash('h')} && printf '%s\\n' "$h" > "$t.h" && mv -f "$t.h" ${m} ) || rm -f ${m}`,
    'rm -f "$t" "$t.s" "$t.h"',
    'exit 0',
  ].join('\n');
}
