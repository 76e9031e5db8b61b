/**
 * Unix socket paths for the OpenSSH ControlMaster (pure). A socket path must fit in sun_path
 * (108 bytes on Linux, 104 on macOS and the BSDs, NUL included), and ssh first binds the control
 * socket under a temporary name, `<ControlPath>.<16 random chars>`, before renaming it: that longer
 * name is the one that must fit. With a long TMPDIR (self-hosted runners) the run directory moves to
 * a shorter temp base; when none fits, the user gets a clear error instead of ssh's
 * `unix_listener: path "…" too long`.
 */
import { UserError } from '../core/errors.js';

/** Name of the run's private directory: `<prefix>` + the 6 characters mkdtemp appends. */
export const RUN_DIR_PREFIX = 'gitops-ssh-';
const MKDTEMP_SUFFIX_BYTES = 6;

/** The ControlPath inside the run directory: `%C` is a 40-hex hash of host, port, user and local host. */
export const CONTROL_SOCKET_NAME = 'cm-%C';
const CONTROL_SOCKET_BYTES = 'cm-'.length + 40;
/** ssh's temporary listener name: `.` + 16 random characters after the ControlPath. */
const SSH_TEMP_SUFFIX_BYTES = 17;

/** sizeof(sun_path) of the platform. */
export function sunPathLimit(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' || platform === 'android' ? 108 : 104;
}

/** Bytes ssh needs to bind the control socket in `dir` (temporary name and NUL included). */
export function controlSocketBytes(dir: string): number {
  return Buffer.byteLength(dir) + 1 + CONTROL_SOCKET_BYTES + SSH_TEMP_SUFFIX_BYTES + 1;
}

/** ssh splits -o values on whitespace, and the path must be absolute. */
function pathProblem(p: string): string | undefined {
  if (!p.startsWith('/')) return `${JSON.stringify(p)} is not an absolute path`;
  if (/[\s\x00-\x1f\x7f]/.test(p)) return `${JSON.stringify(p)} contains whitespace or control characters`;
  return undefined;
}

/** Why `dir` cannot hold the control socket, or undefined when it can. */
export function controlDirProblem(dir: string, limit: number = sunPathLimit()): string | undefined {
  const need = controlSocketBytes(dir);
  const tooLong =
    need > limit ? `${JSON.stringify(dir)} is too long: its ssh control socket needs ${need} bytes, the limit is ${limit}` : undefined;
  return pathProblem(dir) ?? tooLong;
}

/** Throws a UserError when `dir` cannot hold the control socket. */
export function assertControlDir(dir: string, limit: number = sunPathLimit()): void {
  const problem = controlDirProblem(dir, limit);
  if (problem) throw new UserError(`ssh control socket directory: ${problem}`);
}

/** The longest temp base whose run directory still fits (28 bytes on Linux, 24 on macOS). */
export function maxTempBaseBytes(limit: number = sunPathLimit()): number {
  return limit - controlSocketBytes('') - 1 - RUN_DIR_PREFIX.length - MKDTEMP_SUFFIX_BYTES;
}

function trimSlashes(base: string): string {
  return base.replace(/\/+$/, '');
}

/** `base` as the parent of a run directory: why it cannot be used, or undefined. */
export function tempBaseProblem(base: string, limit: number = sunPathLimit()): string | undefined {
  const bytes = Buffer.byteLength(trimSlashes(base));
  const max = maxTempBaseBytes(limit);
  const tooLong = bytes > max ? `${JSON.stringify(base)} is ${bytes} bytes, longer than ${max}` : undefined;
  return pathProblem(base) ?? tooLong;
}

/** The usable temp bases, in order, and why the others were set aside. */
export function usableTempBases(candidates: readonly string[], limit: number = sunPathLimit()): { bases: string[]; rejected: string[] } {
  const bases: string[] = [];
  const rejected: string[] = [];
  for (const c of [...new Set(candidates)]) {
    const problem = tempBaseProblem(c, limit);
    if (problem) rejected.push(problem);
    else bases.push(trimSlashes(c) || '/');
  }
  return { bases, rejected };
}

/** The UserError when no temp base can hold the run directory. */
export function noShortTempDirError(reasons: readonly string[], limit: number = sunPathLimit()): UserError {
  return new UserError(
    `no short private directory for the ssh control socket (unix socket paths are limited to ${limit} bytes): ${reasons.join('; ')}. ` +
      `Set TMPDIR to a writable directory of at most ${maxTempBaseBytes(limit)} bytes without spaces.`,
  );
}
