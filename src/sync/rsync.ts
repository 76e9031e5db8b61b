/**
 * Pure rsync argv builder (spawned without a shell).
 *
 * Flags: `-rlpt` rather than `-a`: `-a` adds -g/-o (as root on the receiver that would chown
 * files to the CI runner's uid/gid) and -D (device/special files have no place in a deploy tree).
 * Times are kept so the quick check and --link-dest can match unchanged files.
 * `-s` (--secluded-args, formerly --protect-args) sends paths and most options through the rsync
 * protocol instead of the remote shell command line, so spaces/metacharacters stay literal.
 */
import { assertSafeRemote, type RemoteAddress } from '../transport/ssh-options.js';

export interface RsyncArgsOptions {
  /** local directory; must be absolute. A trailing slash is added (copy the contents). */
  source: string;
  /** absolute path on the remote host */
  dest: string;
  remote: RemoteAddress;
  /** OpenSSH client options (see buildSshOptions) */
  sshArgs: string[];
  /** absolute remote path of the previous release: unchanged files become hard links */
  linkDest?: string;
  /** absolute remote path of a copy of the tree on the host: a file missing in dest is copied from there when equal (not sent) */
  copyDest?: string;
  delete?: boolean;
  /** rsync exclude patterns, passed verbatim (a directory-only one also keeps a link of that name: excludeArgs) */
  excludes?: string[];
  /** paths (relative to dest) that are never deleted nor overwritten, matched literally */
  protect?: string[];
  checksum?: boolean;
  /** -z: compress file data (rsync negotiates zstd or zlib with the receiver) */
  compress?: boolean;
  /**
   * Preserve modification times (default true). Release uploads pass false with checksum: git
   * archive stamps files with the commit time, and --link-dest only hard-links files whose
   * preserved attributes (mtime included) match the previous release.
   */
  times?: boolean;
  /** `--chmod` value applied to every sent file's mode (see sync/modes.ts rsyncChmod) */
  chmod?: string;
  dryRun?: boolean;
  itemize?: boolean;
  /**
   * absolute remote directory: what the sync deletes or overwrites is moved there (--backup, empty
   * suffix) with its path relative to dest, instead of being destroyed (in-place trees: sync/trash.ts)
   */
  backupDir?: string;
  /** ssh program for -e (default "ssh") */
  sshCommand?: string;
}

const CONTROL = /[\x00-\x1f\x7f]/;
/** rsync --chmod: comma-separated chmod clauses, optionally D/F-prefixed (e.g. "g-w,o-w"). */
const CHMOD = /^[DF]?[ugoa]*[-+=][rwxXst]*(?:,[DF]?[ugoa]*[-+=][rwxXst]*)*$/;

function assertText(label: string, value: string): void {
  if (CONTROL.test(value)) throw new Error(`${label} contains control characters (NUL/newline): ${JSON.stringify(value)}`);
}

function assertAbsolute(label: string, value: string): void {
  assertText(label, value);
  if (!value.startsWith('/')) throw new Error(`${label} must be an absolute path: ${JSON.stringify(value)}`);
}

/**
 * Quote one word for rsync's own `-e` splitter: it splits on spaces and understands '…' and "…"
 * where a doubled quote inside stands for one quote; backslashes are NOT special.
 */
export function rshQuote(arg: string): string {
  assertText('ssh argument', arg);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, "''")}'`;
}

/** The single `-e` value: `ssh <args…>` quoted for rsync. */
export function rshCommand(sshArgs: readonly string[], program = 'ssh'): string {
  return [program, ...sshArgs].map(rshQuote).join(' ');
}

/** `user@host:path`, IPv6 in brackets. */
export function remoteSpec(remote: RemoteAddress, path: string): string {
  assertSafeRemote(remote);
  const host = remote.host.includes(':') ? `[${remote.host}]` : remote.host;
  return `${remote.user}@${host}:${path}`;
}

/** Anchored, literal rsync pattern for a protected path (`media/` stays directory-only). */
export function protectPattern(path: string): string {
  assertText('protected path', path);
  const rel = path.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  const segments = rel.replace(/\/$/, '').split('/');
  if (!rel || rel !== rel.trim() || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`invalid protected path ${JSON.stringify(path)}`);
  }
  // A backslash escapes wildcards only when the pattern has one: escape all of them then.
  const literal = /[*?[]/.test(rel) ? rel.replace(/[*?[\\]/g, '\\$&') : rel;
  return `/${literal}`;
}

/** Protect rules first (first match wins): P hides the path from deletion on the receiver (even
 * with --delete-excluded); the exclude keeps the sender from overwriting it. */
export function protectArgs(protect: readonly string[]): string[] {
  return protect.flatMap((p) => [`--filter=P ${protectPattern(p)}`, `--exclude=${protectPattern(p)}`]);
}

/**
 * `--exclude=<pattern>` each, verbatim. A directory-only pattern (`uploads/`) does not match a
 * symbolic link of that name, which --delete would then remove: it is followed by a receiver-only
 * protect rule of the same pattern without its trailing "/" (anchored the same way), so the link is
 * kept, while a committed file of that name is still sent.
 */
export function excludeArgs(excludes: readonly string[]): string[] {
  return excludes.flatMap((e) => {
    assertText('exclude', e);
    if (!e) throw new Error('empty exclude pattern');
    const name = e.replace(/\/+$/, '');
    return e.endsWith('/') && name && !name.endsWith('/***') ? [`--exclude=${e}`, `--filter=P ${name}`] : [`--exclude=${e}`];
  });
}

/** `--backup --backup-dir=<dir>`: deleted and overwritten files moved to `dir` (empty suffix), or nothing. */
export function backupArgs(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  assertAbsolute('backup-dir', dir);
  return ['--backup', `--backup-dir=${dir}`];
}

function filterArgs(opts: RsyncArgsOptions): string[] {
  return [...protectArgs(opts.protect ?? []), ...excludeArgs(opts.excludes ?? [])];
}

export function buildRsyncArgs(opts: RsyncArgsOptions): string[] {
  assertAbsolute('source', opts.source);
  assertAbsolute('dest', opts.dest);
  const source = opts.source.endsWith('/') ? opts.source : `${opts.source}/`;
  const args = [opts.times === false ? '-rlp' : '-rlpt', '-s', '--stats'];
  if (opts.itemize) args.push('--itemize-changes');
  if (opts.compress) args.push('-z');
  if (opts.checksum) args.push('--checksum');
  if (opts.dryRun) args.push('--dry-run');
  if (opts.delete) args.push('--delete');
  args.push(...backupArgs(opts.backupDir));
  if (opts.chmod) {
    if (!CHMOD.test(opts.chmod)) throw new Error(`invalid --chmod value ${JSON.stringify(opts.chmod)}`);
    args.push(`--chmod=${opts.chmod}`);
  }
  args.push('-e', rshCommand(opts.sshArgs, opts.sshCommand));
  if (opts.linkDest !== undefined) {
    assertAbsolute('link-dest', opts.linkDest);
    args.push(`--link-dest=${opts.linkDest}`);
  }
  if (opts.copyDest !== undefined) {
    assertAbsolute('copy-dest', opts.copyDest);
    args.push(`--copy-dest=${opts.copyDest}`);
  }
  args.push(...filterArgs(opts));
  args.push('--', source, remoteSpec(opts.remote, opts.dest));
  return args;
}
