/**
 * The manifest of a release directory (pure script builders): one sha256 over what the upload left
 * there (type, mode, size, mtime with its fraction, inode, symlink target, path of every entry;
 * directories by type, mode and path only) and over the rules it was uploaded with (modes, shared
 * paths, protection, excludes). It is stored in <path>/.deploy/manifests/<release> after every
 * upload; a diff upload only starts from a release whose directory still matches it, i.e. was not
 * changed by hand since (ctime is left out: hard links change it). What the running app owns
 * (protected paths such as passenger's tmp/, runtime directories such as __pycache__) is left out.
 */
import { shellQuote as q } from '../transport/quote.js';
import type { SyncRules } from './protection.js';

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
  const config = JSON.stringify({ v: 1, chmod: rules.chmod, shared: rules.shared, protect: rules.protect, excludes: rules.excludes });
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

export interface DiffStart {
  /** deploy path (layout root) */
  root: string;
  /** the previous release's directory and id */
  previousDir: string;
  previous: string;
  /** the new release's directory */
  dir: string;
}

/**
 * One round trip before a diff upload: creates the new release directory; when it is empty and
 * the previous release's directory still matches its manifest, hard-links the previous release
 * into it (`cp -al`), drops what the app owns from the copy (a full upload would not have it)
 * and prints `diff`. Otherwise prints `full <why>` and leaves the directory as it found it (a
 * failed copy: emptied).
 */
export function diffStartScript(s: DiffStart, rules: ManifestRules): string {
  const [n, p, m] = [q(s.dir), q(s.previousDir), q(manifestPath(s.root, s.previous))];
  const owned = [...rules.protect.map((x) => `${s.dir}/${strip(x)}`)].map(q).join(' ');
  const dropOwned = [
    ...(owned ? [`rm -rf ${owned}`] : []),
    ...rules.runtime.map((name) => `find ${n} -type d -name ${q(name)} -prune -exec rm -rf {} +`),
  ].join(' && ');
  const full = (why: string): string => `{ echo ${q(`full ${why}`)}; exit 0; }`;
  return [
    manifestFunction(rules),
    `mkdir -p ${n} || exit 1`,
    `[ -z "$(ls -A ${n})" ] || ${full('the new release directory is not empty: a retry')}`,
    `[ -d ${p} ] && [ -f ${m} ] || ${full('the previous release has no directory or no manifest')}`,
    `t=${q(`${manifestsDir(s.root)}/.check`)}-$$`,
    `h=$(manifest ${p} "$t"); rm -f "$t" "$t.s"`,
    `${isHash('h')} && [ "$h" = "$(cat ${m})" ] || ${full('the previous release directory changed since its upload, or the upload rules did')}`,
    `if ! { cp -al ${p}/. ${n}/${dropOwned ? ` && ${dropOwned}` : ''}; }; then rm -rf ${n}; mkdir -p ${n}; ${full('cp -al of the previous release failed')}; fi`,
    'echo diff',
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
