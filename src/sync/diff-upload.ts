/**
 * The diff upload of a release (layout releases): the new release directory starts as a hard-link
 * copy of the previous one (when that one still matches its manifest), then one rsync sends only
 * the paths git says changed (a path gone is deleted there). rsync writes each file to a temp
 * file and renames it (never --inplace), so the inodes shared with the previous release are never
 * modified. Unchanged files keep their old mtime; changed ones get the transfer time.
 */
import { lstat, rm, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Target } from '../config/schema.js';
import { archiveRewrites, changedPaths, treePaths } from '../git/diff-names.js';
import { repoAt } from '../git/repo.js';
import { rsyncChmod } from '../transport/modes.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';
import type { DiffFacts } from './diff-plan.js';
import type { Layout } from './layout.js';
import { diffStartScript, type ManifestRules } from './manifest-script.js';
import { syncRules } from './protection.js';
import type { RsyncStats } from './run-rsync.js';
import { rsyncTree } from './tree-rsync.js';

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

/**
 * Prepares releases/<sha> from the previous release (diffStartScript): `diff` when the copy is
 * made, else why not. A round trip that fails or answers anything else leaves the directory empty.
 */
export async function startDiff(
  conn: HostConnection,
  layout: Layout,
  sha: string,
  previous: string,
  rules: ManifestRules,
): Promise<string> {
  const dir = layout.releaseDir(sha);
  const script = diffStartScript({ root: layout.root, previous, previousDir: layout.releaseDir(previous), dir }, rules);
  let answer: string;
  try {
    answer = (await conn.exec.sh(script)).stdout.trim();
  } catch (e) {
    answer = `the diff start failed: ${(e as Error).message.split('\n')[0]}`;
  }
  if (answer === 'diff') return answer;
  if (answer.startsWith('full ')) return answer.slice(5);
  await conn.exec.sh(`rm -rf ${q(dir)} && mkdir -p ${q(dir)}`);
  return answer.startsWith('the diff start failed') ? answer : `unexpected answer to the diff start: ${answer.slice(0, 80)}`;
}

/** The one rsync of a diff upload: the listed paths of `source` into `dest` (no --checksum, no --link-dest). */
export async function diffRsync(
  conn: HostConnection,
  target: Target,
  source: string,
  dest: string,
  paths: readonly string[],
): Promise<RsyncStats> {
  const listFile = `${source.replace(/\/+$/, '')}.files`;
  await writeFile(listFile, (await filesFromList(source, paths)).map((p) => `${p}\0`).join(''));
  try {
    return await rsyncTree(conn, target, source, dest, { filesFrom: listFile });
  } finally {
    await rm(listFile, { force: true });
  }
}
