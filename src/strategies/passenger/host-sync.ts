/**
 * rsync run ON the host, between two of its directories (pure builders): hard-link snapshots of
 * the previous code / public_html and their restore for a rollback.
 */
import type { PassengerTarget } from '../../config/schema.js';
import { rsyncChmod } from '../../transport/modes.js';
import { syncRules } from '../../sync/protection.js';
import { excludeArgs, protectArgs, protectPattern } from '../../sync/rsync.js';
import { printTrashScript, pruneTrashScript } from '../../sync/trash.js';
import { shellJoin, shellQuote as q } from '../../transport/quote.js';
import { passengerPaths } from './paths.js';

export interface HostSync {
  src: string;
  dest: string;
  /** unchanged files become hard links to this directory (a snapshot costs no data) */
  linkDest?: string;
  delete?: boolean;
  /** compare contents, not size+mtime (git archive gives every file of a commit one mtime) */
  checksum?: boolean;
  /** paths of dest never deleted nor overwritten (literal) */
  protect?: readonly string[];
  /** rsync exclude patterns, verbatim */
  excludes?: readonly string[];
  /** `--chmod` value (sync/modes.ts rsyncChmod) */
  chmod?: string;
  /** change nothing, print the itemized changes */
  dryRun?: boolean;
}

/**
 * What a restore leaves alone in `dest`, and the modes it writes; `trash`: what it deletes or
 * overwrites is moved to a fresh <trash.root>/.deploy/trash/<trash.id>[.n] (sync/trash.ts), and the
 * trash is pruned to the newest `trash.keep` directories.
 */
export type RestoreKeep = Pick<HostSync, 'protect' | 'excludes' | 'chmod'> & { trash?: { root: string; id: string; keep: number } };

const slash = (p: string): string => (p.endsWith('/') ? p : `${p}/`);

export function hostSyncArgs(o: HostSync): string[] {
  const args = ['rsync', '-rlpt'];
  if (o.checksum) args.push('--checksum');
  if (o.dryRun) args.push('--dry-run', '--itemize-changes');
  if (o.delete) args.push('--delete');
  if (o.chmod) args.push(`--chmod=${o.chmod}`);
  if (o.linkDest) args.push(`--link-dest=${o.linkDest}`);
  args.push(...protectArgs(o.protect ?? []), ...excludeArgs(o.excludes ?? []));
  args.push('--', slash(o.src), slash(o.dest));
  return args;
}

/** Replaces `snapshot` with a hard-link copy of `src` (nothing when `src` does not exist). */
export function snapshotScript(src: string, snapshot: string, excludes: readonly string[] = []): string {
  return [
    `rm -rf ${q(snapshot)}`,
    `if [ -d ${q(src)} ]; then mkdir -p ${q(snapshot)} && ${shellJoin(hostSyncArgs({ src, dest: snapshot, linkDest: src, excludes }))}; fi`,
  ].join('\n');
}

/** Makes `dest` equal to `snapshot` again, keeping protected and excluded paths. Fails without a snapshot. */
export function restoreScript(snapshot: string, dest: string, keep: RestoreKeep = {}): string {
  const { trash, ...rules } = keep;
  const sync = hostSyncArgs({ src: snapshot, dest, delete: true, checksum: true, ...rules });
  const check = `if [ ! -d ${q(snapshot)} ]; then echo ${q(`no snapshot at ${snapshot}`)} >&2; exit 1; fi`;
  if (!trash) return `${check}\n${shellJoin(sync)}`;
  const end = sync.indexOf('--');
  const backup = `${shellJoin(sync.slice(0, end))} --itemize-changes --backup "--backup-dir=$trash" ${shellJoin(sync.slice(end))}`;
  return [check, printTrashScript(trash.root, trash.id), `${backup} || exit 1`, pruneTrashScript(trash.root, trash.keep)].join('\n');
}

/** What restoreScript would change, itemized, changing nothing (sync/unshare.ts reads it); nothing without the snapshot. */
export function restoreDryRunScript(snapshot: string, dest: string, keep: RestoreKeep = {}): string {
  const { trash: _trash, ...rules } = keep;
  const args = hostSyncArgs({ src: snapshot, dest, delete: true, checksum: true, ...rules, dryRun: true });
  return `if [ -d ${q(snapshot)} ]; then ${shellJoin(args)}; fi`;
}

/**
 * In-place: hard-link snapshot of the live code as release `id`. What the upload leaves alone
 * (syncRules: shared paths, the tool's directories, the venv, the database, target.exclude...)
 * stays out: it is not the release's code.
 */
export function codeSnapshotScript(target: PassengerTarget, id: string): string {
  const { protect, excludes } = syncRules(target);
  return snapshotScript(target.path, passengerPaths(target).snapshotOf(id), [...protect.map(protectPattern), ...excludes]);
}

/** public_html restored from a snapshot: its `protect` paths kept, modes after the target's umask. */
export function publicHtmlKeep(target: PassengerTarget): RestoreKeep {
  return { protect: target.frontend?.protect ?? [], chmod: rsyncChmod(target.umask) };
}

/**
 * In-place: the live code made equal to the snapshot of release `id`; what the upload leaves alone
 * is left alone, and what it deletes or overwrites (files the app or a user wrote since the
 * snapshot) goes to the trash, as with the upload.
 */
export function codeRestoreScript(target: PassengerTarget, id: string): string {
  const trash = { root: target.path, id, keep: target.keep_releases };
  return restoreScript(passengerPaths(target).snapshotOf(id), target.path, {
    ...syncRules(target),
    chmod: rsyncChmod(target.umask),
    trash,
  });
}

/** What codeRestoreScript would change, itemized, changing nothing (sync/unshare.ts reads it); nothing without the snapshot. */
export function codeRestoreDryRunScript(target: PassengerTarget, id: string): string {
  const { protect, excludes } = syncRules(target);
  const snapshot = passengerPaths(target).snapshotOf(id);
  const chmod = rsyncChmod(target.umask);
  const args = hostSyncArgs({ src: snapshot, dest: target.path, delete: true, checksum: true, protect, excludes, chmod, dryRun: true });
  return `if [ -d ${q(snapshot)} ]; then ${shellJoin(args)}; fi`;
}
