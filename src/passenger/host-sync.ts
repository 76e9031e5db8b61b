/**
 * rsync run ON the host, between two of its directories (pure builders): hard-link snapshots of
 * the previous code / public_html and their restore for a rollback.
 */
import { protectPattern } from '../sync/rsync.js';
import { shellJoin, shellQuote as q } from '../transport/quote.js';
import type { PassengerPaths } from './paths.js';

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
}

const slash = (p: string): string => (p.endsWith('/') ? p : `${p}/`);

export function hostSyncArgs(o: HostSync): string[] {
  const args = ['rsync', '-rlpt'];
  if (o.checksum) args.push('--checksum');
  if (o.delete) args.push('--delete');
  if (o.linkDest) args.push(`--link-dest=${o.linkDest}`);
  for (const p of o.protect ?? []) args.push(`--filter=P ${protectPattern(p)}`, `--exclude=${protectPattern(p)}`);
  for (const e of o.excludes ?? []) args.push(`--exclude=${e}`);
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
export function restoreScript(snapshot: string, dest: string, protect: readonly string[], excludes: readonly string[] = []): string {
  const sync = hostSyncArgs({ src: snapshot, dest, delete: true, checksum: true, protect, excludes });
  return `if [ ! -d ${q(snapshot)} ]; then echo ${q(`no snapshot at ${snapshot}`)} >&2; exit 1; fi\n${shellJoin(sync)}`;
}

/**
 * In-place: hard-link snapshot of the live code as release `id`. Shared paths and the upload's
 * excludes (venv, database, target.exclude, ...) stay out: they are not the release's code.
 */
export function codeSnapshotScript(paths: PassengerPaths, shared: readonly string[], id: string): string {
  return snapshotScript(paths.layout.root, paths.snapshotOf(id), [...paths.uploadExcludes, ...shared.map(protectPattern)]);
}

/** In-place: the live code made equal to the snapshot of release `id`; shared and excluded paths are left alone. */
export function codeRestoreScript(paths: PassengerPaths, shared: readonly string[], id: string): string {
  return restoreScript(paths.snapshotOf(id), paths.layout.root, shared, paths.uploadExcludes);
}
