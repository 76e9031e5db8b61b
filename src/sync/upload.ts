import type { Target } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { Reporter } from '../core/reporter.js';
import { onInterrupt } from '../core/interrupt.js';
import { exportTree, type ExportedTree } from './export-tree.js';
import { layoutOf, linkSharedInPlaceScript, linkSharedScript, sharedConflictsScript } from './layout.js';
import type { RsyncRunResult, RsyncStats } from './run-rsync.js';
import { rsyncTree } from './tree-rsync.js';
import { deletedPaths, describeRemoved, parsePickedTrash, printTrashScript, pruneTrashScript } from './trash.js';
import { chooseUpload, describeUpload, type DiffFacts } from './diff-plan.js';
import { diffFacts, diffUpload, manifestRules } from './diff-upload.js';
import { writeManifestScript } from './manifest-script.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote as q } from '../transport/quote.js';
import { shFirstThen, type UploadFirst } from './upload-first.js';
import { ownInodesOfScript, ownInodesScript, unshareAttributeChanges, unshareInput } from './unshare.js';
import { committedFiles } from './committed-files.js';
import { uploadLeavesOut } from './left-out.js';
import type { StagedTree } from './stage-tree.js';

export interface UploadRequest {
  repo: string;
  sha: string;
  /** release to hard-link unchanged files from (layout releases) */
  linkFrom?: string;
  /** run before anything the upload changes, in its first round trip that changes the host (upload-first.ts) */
  first?: UploadFirst;
  /** where and how: layout, shared paths, excludes, umask, what the sync must leave alone */
  target: Target;
  /**
   * tasks run in the uploaded tree: its files get inodes of their own (no hard link shared with
   * another release, or in place with the snapshots), so a task writing over one changes nothing else
   */
  ownInodes?: boolean;
  /**
   * in place: the tree already exported and staged on the host (the pip stage, stage-tree.ts): it is
   * not exported again, and a file new to the live tree is copied from the stage, not sent again;
   * its owner removes it
   */
  staged?: Pick<StagedTree, 'tree' | 'dir'>;
}

/**
 * In place, refuses a shared entry present both in the tree and in <path>/shared. Deploys and
 * rollbacks call it before anything changes (the backup included); every in-place upload too.
 */
export async function refuseSharedConflicts(conn: HostConnection, target: Target): Promise<void> {
  const { shared } = target;
  if (target.layout !== 'in-place' || shared.length === 0) return;
  const layout = layoutOf(target.path);
  const both = (await conn.exec.sh(sharedConflictsScript(layout, shared))).stdout.split('\n').filter(Boolean);
  if (both.length === 0) return;
  const where = both.map((name) => `${layout.root}/${name} and ${layout.shared}/${name}`).join('; ');
  throw new UserError(
    `layout in-place: ${both.join(', ')} exist${both.length === 1 ? 's' : ''} both in the tree and in ${layout.shared} (${where}). The deploy will not choose which copy to lose: keep one of them (a copy in shared/ is linked into the tree) and deploy again. Nothing was changed.`,
  );
}

/** What an upload did: its figures, whether the after-upload script ran already, what it removed in place (a log line). */
export interface UploadResult {
  stats: RsyncStats;
  done: boolean;
  removed?: string;
}

/** Where the tree of `sha` goes: releases/<sha>, or in place the root. */
export function uploadDestination(target: Target, sha: string): string {
  const layout = layoutOf(target.path);
  return target.layout === 'releases' ? layout.releaseDir(sha) : layout.root;
}

/**
 * One rsync of the whole tree into `dest` (today's upload, and every fallback of the diff upload);
 * in place, what it deletes or overwrites is moved to `trash` and its changes are itemized.
 */
async function fullRsync(conn: HostConnection, req: UploadRequest, source: string, dest: string, trash?: string): Promise<RsyncRunResult> {
  const { target } = req;
  const releaseId = target.layout === 'releases' ? req.sha : undefined;
  return rsyncTree(conn, target, source, dest, {
    linkDest: releaseId && req.linkFrom && req.linkFrom !== releaseId ? layoutOf(target.path).releaseDir(req.linkFrom) : undefined,
    copyDest: req.staged?.dir,
    delete: true,
    // git archive stamps every file with the commit time: compare contents (times are not kept),
    // so unchanged files are hard-linked from the previous release instead of re-sent.
    checksum: true,
    ...(trash === undefined ? {} : { backupDir: trash, itemize: true }),
  });
}

/** Passenger in place keeps hard-link snapshots of the live tree (its undo and rollbacks): they share its inodes. */
const snapshotted = (target: Target): boolean => target.strategy === 'passenger' && target.layout === 'in-place';

/**
 * In place: the sync straight into the root, with a fresh trash directory chosen (trash.ts) in the
 * round trip that creates the root; says what the sync removed and where it is kept. A tree the
 * snapshots share first gets its own copy of each file whose mode alone changes (unshare.ts).
 */
async function uploadInPlace(conn: HostConnection, req: UploadRequest, source: string, reporter: Reporter): Promise<UploadResult> {
  const root = uploadDestination(req.target, req.sha);
  const picked = await shFirstThen(conn.exec, req.first, `mkdir -p ${q(root)} && ${printTrashScript(root, req.sha)}`);
  const trash = parsePickedTrash(picked.stdout);
  if (snapshotted(req.target)) {
    // --delete as the sync itself: without it, a directory the commit replaces by a file fails the dry run
    const dry = await rsyncTree(conn, req.target, source, root, { delete: true, checksum: true, itemize: true, dryRun: true });
    await unshareAttributeChanges(conn.exec, root, dry.itemized);
  }
  const run = await fullRsync(conn, req, source, root, trash);
  if (req.ownInodes && snapshotted(req.target)) {
    const files = await committedFiles(source, req.target);
    await conn.exec.sh(ownInodesOfScript(root), { stdin: unshareInput(files) });
  }
  const removed = describeRemoved(root, trash, deletedPaths(run.itemized));
  if (removed) reporter.info(removed);
  return { stats: run.stats, done: false, removed };
}

/**
 * Releases layout: the diff upload when it can run (diff-plan.ts decides, diff-upload.ts does it,
 * the after-upload script included), else the full one into the same directory. Says which ran
 * and why; `done` when the after-upload script ran already.
 */
async function uploadReleaseDir(
  conn: HostConnection,
  req: UploadRequest,
  tree: ExportedTree,
  reporter: Reporter,
  facts: Promise<DiffFacts>,
): Promise<UploadResult> {
  const source = tree.dir;
  const dest = layoutOf(req.target.path).releaseDir(req.sha);
  const choice = chooseUpload(await facts);
  let made = false;
  if (choice.mode === 'diff') {
    const after = afterUploadScript(req.target, req.sha, req.ownInodes)!;
    const r = await diffUpload(conn, req.repo, req.target, { ...choice, sha: req.sha, after, first: req.first, lfs: tree.lfs }, source);
    if (r.mode === 'diff') {
      reporter.info(describeUpload(choice));
      return { stats: r.stats, done: true };
    }
    made = r.made;
    reporter.info(describeUpload(r));
  } else reporter.info(describeUpload(choice));
  if (!made) await shFirstThen(conn.exec, req.first, `mkdir -p ${q(dest)}`);
  return { stats: (await fullRsync(conn, req, source, dest)).stats, done: false };
}

/**
 * After the sync, one round trip: the shared paths linked in, then (releases) with `ownInodes` the
 * release's hard links broken (unshare.ts) and the release's manifest, or (in place) the trash
 * pruned to the newest `keep_releases` directories.
 */
export function afterUploadScript(target: Target, sha: string, ownInodes = false): string | undefined {
  const layout = layoutOf(target.path);
  if (target.layout !== 'releases') {
    const link = target.shared.length > 0 ? [`{\n${linkSharedInPlaceScript(layout, target.shared)}\n} || exit 1`] : [];
    return [...link, pruneTrashScript(layout.root, target.keep_releases)].join('\n');
  }
  const link = target.shared.length > 0 ? [`{\n${linkSharedScript(layout, sha, target.shared)}\n} || exit 1`] : [];
  const own = ownInodes ? [`( ${ownInodesScript(layout.releaseDir(sha))} ) || exit 1`] : [];
  return [...link, ...own, writeManifestScript(layout.root, layout.releaseDir(sha), sha, manifestRules(target))].join('\n');
}

/**
 * Uploads the tree of `sha`: into releases/<sha> (the diff upload from the previous release, or
 * the whole tree hard-linked to it; shared paths linked in; its manifest written) or, in place,
 * straight into the root, then links the shared paths kept in <path>/shared where the tree has
 * none. What syncRules protects is never deleted nor overwritten; modes follow the target's umask
 * (rsync --chmod), whatever the exported files carried.
 */
export async function uploadRelease(conn: HostConnection, req: UploadRequest, reporter: Reporter): Promise<UploadResult> {
  const { target } = req;
  await refuseSharedConflicts(conn, target);
  // what git says of the two commits is asked while the tree is exported (independent git reads)
  const facts = target.layout === 'releases' ? diffFacts(req.repo, req.sha, req.linkFrom) : undefined;
  facts?.catch(() => undefined); // awaited below; a rejection while the export runs is not unhandled
  const tree = req.staged?.tree ?? (await exportTree(req.repo, req.sha, uploadLeavesOut(target)));
  let failed = true;
  try {
    const up = facts ? await uploadReleaseDir(conn, req, tree, reporter, facts) : await uploadInPlace(conn, req, tree.dir, reporter);
    const { stats } = up;
    reporter.info(
      `${up.done ? 'tar' : 'rsync'}: ${stats.filesTransferred} files sent (${stats.totalBytesSent} bytes) of ${stats.totalFiles}`,
    );
    const after = up.done ? undefined : afterUploadScript(target, req.sha, req.ownInodes);
    if (after !== undefined) await conn.exec.sh(after);
    failed = false;
    return up;
  } finally {
    // a staged tree is its owner's to remove
    if (!req.staged) {
      if (failed) await tree.cleanup();
      else removeInBackground(tree);
    }
  }
}

/**
 * The exported tree removed while the deploy goes on: one unlink per file (a tree of 10,000 files
 * took 140-290 ms here). The pending removal keeps the process alive until it is done, and an
 * interrupt waits for it.
 */
function removeInBackground(tree: ExportedTree): void {
  const removing = tree.cleanup().catch(() => undefined);
  const unregister = onInterrupt(() => removing);
  void removing.finally(unregister);
}
