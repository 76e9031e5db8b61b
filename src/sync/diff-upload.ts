/**
 * The diff upload of a release (layout releases), one round trip on the run's ssh2 connection: the
 * new release directory starts as a hard-link copy of the previous one (when that one still
 * matches its manifest), every path git says changed is unlinked there (a path gone stays gone),
 * then the changed files arrive as a tar (git archive of the new commit) extracted with the
 * transfer time as mtime. The previous release's inodes are never written. Unchanged files keep
 * their old mtime; changed ones get the transfer time.
 */
import { lstat, readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Target } from '../config/schema.js';
import { archiveRewrites, changedPaths, treePaths } from '../git/diff-names.js';
import { repoAt } from '../git/repo.js';
import { runGit } from '../git/run.js';
import type { LfsFile } from '../git/lfs-pointers.js';
import { treeBytes } from '../git/tree-bytes.js';
import { rsyncChmod, umaskCommand } from '../transport/modes.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';
import type { ExecResult } from '../transport/types.js';
import { REVISION_FILE, type DiffFacts } from './diff-plan.js';
import { layoutOf } from './layout.js';
import { DIFF_FALLBACK_CODE, diffUploadScript, type ManifestRules } from './manifest-script.js';
import { syncRules, type SyncRules } from './protection.js';
import { rulesLeaveOut } from './left-out.js';
import type { RsyncStats } from './run-rsync.js';
import { checkFirst, shFirstThen, type UploadFirst } from './upload-first.js';

/** The rules an upload of `target` runs with, as its manifest records them. */
export function manifestRules(target: Target): ManifestRules {
  return { ...syncRules(target), chmod: rsyncChmod(target.umask), shared: target.shared };
}

/** What git says about `previous`..`sha` (nothing asked without a previous release, or the same one). */
export async function diffFacts(repoDir: string, sha: string, previous: string | undefined): Promise<DiffFacts> {
  const facts: DiffFacts = { previous, sha, changed: null, tree: null, rewrites: false };
  if (!previous || previous === sha) return facts;
  const { git, dir } = repoAt(repoDir);
  const changed = await changedPaths(git, previous, sha);
  const tree = changed && (await treePaths(git, sha));
  const rewrites = tree ? await archiveRewrites(git, dir, sha, tree) : false;
  return { ...facts, changed, tree, rewrites };
}

async function kind(path: string): Promise<'dir' | 'other' | 'missing'> {
  try {
    return (await lstat(path)).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * The --files-from list of the exported tree at `treeDir`: each changed path it has; for a path
 * it lost, its topmost missing ancestor (deleted on the host with all it held, so no directory is
 * left empty); nothing when an ancestor became a file or a link (sending that replaces the directory).
 */
export async function filesFromList(treeDir: string, paths: readonly string[]): Promise<string[]> {
  const list = new Set<string>();
  for (const path of paths) {
    if ((await kind(posix.join(treeDir, path))) !== 'missing') {
      list.add(path);
      continue;
    }
    let top: string | undefined = path;
    for (let dir = posix.dirname(path); dir !== '.' && top !== undefined; dir = posix.dirname(dir)) {
      const k = await kind(posix.join(treeDir, dir));
      if (k === 'other') top = undefined;
      else if (k === 'dir') break;
      else top = dir;
    }
    if (top !== undefined) list.add(top);
  }
  return [...list];
}

/** What the host does in a diff upload, from the exported tree (diffLists). */
export interface DiffLists {
  /** paths to unlink in the copy (filesFromList), what the upload rules leave alone left out */
  remove: string[];
  /** the changed files, links and directories of the new tree to send (REVISION is written on the host) */
  send: string[];
  /** whether REVISION is written (the rules may leave it out) */
  revision: boolean;
}

/**
 * The lists of a diff upload of the exported tree at `treeDir`: a path that an rsync with the
 * upload's rules would neither send nor delete (protected, excluded, or below such a directory)
 * is in neither.
 */
export async function diffLists(treeDir: string, paths: readonly string[], rules: SyncRules): Promise<DiffLists> {
  const excluded = rulesLeaveOut(rules);
  const changed = new Set(paths);
  const remove: string[] = [];
  for (const path of await filesFromList(treeDir, paths)) {
    // a listed path is a file, link or submodule; an ancestor standing for lost paths a directory
    if (!excluded(path, !changed.has(path) || (await kind(posix.join(treeDir, path))) === 'dir')) remove.push(path);
  }
  const send: string[] = [];
  for (const path of remove) {
    if (!changed.has(path) || path === REVISION_FILE) continue;
    // a directory in its place (a file that became one): its files are listed on their own, and
    // `git archive` of it would send what the rules leave out; an empty one (a submodule) is sent
    const at = posix.join(treeDir, path);
    const k = await kind(at);
    if (k === 'other' || (k === 'dir' && (await readdir(at)).length === 0)) send.push(path);
  }
  return { remove, send, revision: remove.includes(REVISION_FILE) };
}

/**
 * Above it (the changed files' size in git, then their gzipped archive) the changed files are not
 * held in memory: the full upload runs instead.
 */
export const MAX_DIFF_ARCHIVE_BYTES = 64 * 1024 * 1024;

/** Git LFS files whose content is in the exported tree at `dir` (exportTree). */
export interface LfsContentIn {
  dir: string;
  files: readonly LfsFile[];
}

/**
 * git archive's options adding each LFS file's content from the exported tree (pure): `--add-file`
 * names the file in the archive by the last `--prefix` and its basename, and git writes the added
 * files after the tracked ones, so on extraction the content replaces the pointer; the last
 * `--prefix=` resets the prefix of the tracked files.
 */
export function lfsAddFileArgs(lfs: LfsContentIn | undefined): string[] {
  if (!lfs || lfs.files.length === 0) return [];
  const adds = lfs.files.flatMap((f) => {
    const dir = posix.dirname(f.path);
    return [`--prefix=${dir === '.' ? '' : `${dir}/`}`, `--add-file=${posix.join(lfs.dir, f.path)}`];
  });
  return [...adds, '--prefix='];
}

/**
 * The changed paths of `sha` as `git archive` writes them (a fresh export's content, links and
 * modes: the target's umask as tar.umask), the changed LFS files with their content (`lfs`: those
 * among `paths`), gzipped; null when it is over MAX_DIFF_ARCHIVE_BYTES, or when the files are
 * (git's object sizes and the LFS objects' sizes, read before any file's content).
 */
export async function changedArchive(
  repoDir: string,
  sha: string,
  paths: readonly string[],
  umask: string,
  lfs?: LfsContentIn,
): Promise<Buffer | null> {
  const lfsBytes = (lfs?.files ?? []).reduce((n, f) => n + f.size, 0);
  if ((await treeBytes(repoAt(repoDir).dir, sha, paths)) + lfsBytes > MAX_DIFF_ARCHIVE_BYTES) return null;
  const mask = umaskCommand(umask).slice('umask '.length);
  const tar = await runGit(repoAt(repoDir).dir, [
    '--literal-pathspecs',
    '-c',
    `tar.umask=${mask}`,
    'archive',
    '--format=tar',
    ...lfsAddFileArgs(lfs),
    `${sha}^{tree}`,
    '--',
    ...paths,
  ]);
  const gz = await promisify(gzip)(tar);
  return gz.length > MAX_DIFF_ARCHIVE_BYTES ? null : gz;
}

/** `made`: the directory exists (empty) and `first` (if any) has run. */
export type DiffResult = { mode: 'diff'; stats: RsyncStats } | { mode: 'full'; why: string; made: boolean };

export interface DiffRequest {
  sha: string;
  previous: string;
  /** the changed paths (chooseUpload) */
  paths: readonly string[];
  /** paths of the new tree (for the stats) */
  total: number;
  /** the after-upload script (upload.ts afterUploadScript) */
  after: string;
  /** run before anything the upload changes (upload-first.ts) */
  first?: UploadFirst;
  /** the commit's Git LFS files (their content is in the exported tree) */
  lfs?: readonly LfsFile[];
}

/** What a diff upload sends: its lists and its stdin (the NUL-separated remove list, then the archive), or why not. */
async function diffPayload(
  repoDir: string,
  target: Target,
  req: DiffRequest,
  source: string,
): Promise<{ lists: DiffLists; listBytes: number; archive: boolean; stdin: Buffer } | string> {
  const lists = await diffLists(source, req.paths, syncRules(target));
  let archive: Buffer | null | undefined;
  try {
    const sent = new Set(lists.send);
    const lfs = { dir: source, files: (req.lfs ?? []).filter((f) => sent.has(f.path)) };
    archive = lists.send.length > 0 ? await changedArchive(repoDir, req.sha, lists.send, target.umask, lfs) : undefined;
  } catch (e) {
    return `git archive of the changed paths failed: ${firstLine(e)}`;
  }
  if (archive === null) return 'the changed files are too large to send at once';
  const list = Buffer.from(lists.remove.map((p) => `./${p}\0`).join(''));
  return { lists, listBytes: list.length, archive: archive !== undefined, stdin: archive ? Buffer.concat([list, archive]) : list };
}

/**
 * The diff upload of `sha` into its release directory, in one round trip (diffUploadScript): the
 * changed paths of the exported tree `source`, the rest hard-linked from `previous`. Else why not
 * (the host's answer, or why the runner did not ask), and whether the directory now exists (empty).
 */
export async function diffUpload(
  conn: HostConnection,
  repoDir: string,
  target: Target,
  req: DiffRequest,
  source: string,
): Promise<DiffResult> {
  const payload = await diffPayload(repoDir, target, req, source);
  if (typeof payload === 'string') return { mode: 'full', why: payload, made: false };
  const layout = layoutOf(target.path);
  const dir = layout.releaseDir(req.sha);
  const { lists, listBytes, archive, stdin } = payload;
  const revision = lists.revision ? req.sha : undefined;
  const spec = {
    root: layout.root,
    previous: req.previous,
    previousDir: layout.releaseDir(req.previous),
    dir,
    listBytes,
    archive,
    revision,
    after: req.after,
    first: req.first?.script,
  };
  let r: ExecResult;
  try {
    r = await conn.exec.sh(diffUploadScript(spec, manifestRules(target)), { stdin, allowFailure: true });
  } catch (e) {
    r = { code: -1, stdout: '', stderr: firstLine(e) };
  }
  checkFirst(req.first, r);
  const answer = r.stdout.trim();
  if (r.code === 0 && answer === 'diff') {
    const sent = { filesTransferred: lists.send.length + (revision ? 1 : 0), totalBytesSent: stdin.length };
    return { mode: 'diff', stats: { ...sent, totalBytesReceived: 0, totalFiles: req.total, deletedFiles: 0 } };
  }
  if (r.code === DIFF_FALLBACK_CODE && answer.startsWith('full ')) return { mode: 'full', why: answer.slice(5), made: true };
  // whether `first` ran is not known: it runs again (idempotent), before the directory is emptied
  await shFirstThen(conn.exec, req.first, `rm -rf ${q(dir)} && mkdir -p ${q(dir)}`);
  return { mode: 'full', why: `the diff upload failed: ${(r.stderr.trim() || answer).split('\n')[0]!.slice(0, 200)}`, made: true };
}

const firstLine = (e: unknown): string => (e as Error).message.split('\n')[0]!;
