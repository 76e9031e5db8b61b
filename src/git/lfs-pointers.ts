/**
 * Git LFS: a tracked file whose blob is an LFS pointer (`version https://git-lfs.github.com/spec/v1`,
 * `oid sha256:<64 hex>`, `size <n>`) has its content in the local LFS store
 * (`<git common dir>/lfs/objects/<aa>/<bb>/<oid>`), where `git lfs pull` (actions/checkout with
 * `lfs: true`) leaves it. No git-lfs is needed to read it.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { shortSha } from '../core/text.js';
import { readBlobs } from './blobs.js';
import { attributeFiles } from './diff-names.js';
import { readOnce } from './once.js';
import { gitAt } from './run.js';
import { localAttributeTexts, lfsStore } from './lfs-local.js';
import { treeEntries, type TreeEntry } from './tree.js';

/** One file of a commit stored in Git LFS: its path, and its object's id and size. */
export interface LfsFile {
  path: string;
  oid: string;
  size: number;
}

/** The spec's bounds of a pointer file: smaller than 1024 bytes, and at least its three lines. */
const MIN_POINTER_BYTES = 120;
const MAX_POINTER_BYTES = 1023;

const POINTER =
  /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n(?:[a-z0-9.-]+ [^\n]*\n)*?oid sha256:([0-9a-f]{64})\n(?:[a-z0-9.-]+ [^\n]*\n)*?size (\d+)\n(?:[a-z0-9.-]+ [^\n]*\n)*$/;

/** The object an LFS pointer's text names (pure); null for any other text. */
export function parseLfsPointer(text: string): { oid: string; size: number } | null {
  if (text.length < MIN_POINTER_BYTES || text.length > MAX_POINTER_BYTES) return null;
  const m = POINTER.exec(text);
  return m ? { oid: m[1]!, size: Number(m[2]) } : null;
}

/** Whether a .gitattributes text sets the LFS filter on some pattern (pure). */
export const setsLfsFilter = (text: string): boolean => /(?:^|\s)filter=lfs(?:\s|$)/m.test(text);

/** The entries whose blob has a pointer's size (pure): the only ones worth reading. */
export const pointerSized = (entries: readonly TreeEntry[]): string[] =>
  entries
    .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.size >= MIN_POINTER_BYTES && e.size <= MAX_POINTER_BYTES)
    .map((e) => e.path);

/**
 * The files of commit `sha` whose blob is an LFS pointer, when a .gitattributes of the commit or an
 * attribute file of the repository (info/attributes, core.attributesFile) sets `filter=lfs` (else
 * none are read: a tree of small files costs nothing more); none when git cannot list it (its
 * archive then says why). Read once per commit for the run (the plan's check and the upload ask both).
 */
export function lfsFiles(dir: string, sha: string): Promise<LfsFile[]> {
  const git = gitAt(resolve(dir));
  return readOnce(git, 'lfs-files', [sha], async () => {
    const entries = await treeEntries(git, sha).catch(() => []);
    const attributes = attributeFiles(entries.map((e) => e.path));
    const texts = await readBlobs(
      dir,
      attributes.map((path) => ({ sha, path })),
    );
    const local = await localAttributeTexts(dir);
    if (![...texts, ...local].some((t) => t !== null && setsLfsFilter(t))) return [];
    return pointersAmong(dir, sha, pointerSized(entries));
  });
}

/** The LFS pointers among `paths` of commit `sha` (their blobs read in one batch). */
async function pointersAmong(dir: string, sha: string, paths: string[]): Promise<LfsFile[]> {
  if (paths.length === 0) return [];
  const texts = await readBlobs(
    dir,
    paths.map((path) => ({ sha, path })),
  );
  return paths.flatMap((path, i) => {
    const pointer = texts[i] == null ? null : parseLfsPointer(texts[i]!);
    return pointer ? [{ path, ...pointer }] : [];
  });
}

/** Where the local LFS store keeps the object `oid` (pure). */
export const lfsObjectPath = (store: string, oid: string): string => join(store, oid.slice(0, 2), oid.slice(2, 4), oid);

/** The files whose object is not in the store with its size (absent, or cut short). */
export async function missingLfsObjects(store: string, files: readonly LfsFile[]): Promise<LfsFile[]> {
  const present = await Promise.all(
    files.map((f) =>
      stat(lfsObjectPath(store, f.oid)).then(
        (s) => s.isFile() && s.size === f.size,
        () => false,
      ),
    ),
  );
  return files.filter((_, i) => !present[i]);
}

/** The refusal of a commit whose LFS content is not here (pure): the files named, what to do. */
export function missingLfsMessage(sha: string, missing: readonly LfsFile[]): string {
  const shown = missing.slice(0, 10).map((f) => f.path);
  const more = missing.length > shown.length ? ` and ${missing.length - shown.length} more` : '';
  const n = missing.length;
  return (
    `Git LFS: ${n} file${n === 1 ? '' : 's'} of ${shortSha(sha)} ${n === 1 ? 'is an LFS pointer' : 'are LFS pointers'} whose content is not in the local LFS store: ${shown.join(', ')}${more}. ` +
    'The deploy does not upload pointer files: check the repository out with its LFS objects (actions/checkout with `lfs: true`, or `git lfs pull`) and deploy again. Nothing was changed.'
  );
}

/**
 * The LFS files of `sha` and the store holding all their objects; a UserError naming the files whose
 * content is not there. `leftOut`: the files that never leave the runner (the target's upload rules
 * skip them), neither checked nor returned: their pointers stay in the export, never sent.
 */
export async function lfsContent(
  dir: string,
  sha: string,
  leftOut: (path: string) => boolean = () => false,
): Promise<{ files: LfsFile[]; store: string }> {
  const files = (await lfsFiles(dir, sha)).filter((f) => !leftOut(f.path));
  if (files.length === 0) return { files, store: '' };
  const store = await lfsStore(dir);
  const missing = await missingLfsObjects(store, files);
  if (missing.length > 0) throw new UserError(missingLfsMessage(sha, missing));
  return { files, store };
}
