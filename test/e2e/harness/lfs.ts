/**
 * Git LFS in a test repository, with the objects only in its local store (no LFS server): real
 * git-lfs cleans the tracked files on `git add`, as a developer's machine does.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The git configuration of a machine where git-lfs is not set up (no system or global config): the
 * runner of a checkout without `lfs: true`, or a self-hosted one without git-lfs. Set it in
 * process.env (unit tests) or pass it to the CLI (e2e).
 */
export const NO_LFS_CONFIG = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...NO_LFS_CONFIG } });

/** `git lfs install --local` and `git lfs track <patterns>` in the repository at `dir` (the .gitattributes written, not committed). */
export function lfsTrack(dir: string, ...patterns: string[]): void {
  git(dir, 'lfs', 'install', '--local', '--skip-repo');
  git(dir, 'lfs', 'track', ...patterns);
}

/** Removes the repository's git-lfs filter config (the objects stay in its store): a machine whose git does not know git-lfs. */
export function forgetLfsFilter(dir: string): void {
  git(dir, 'config', '--local', '--remove-section', 'filter.lfs');
}

/** The oid of the LFS pointer committed at `<rev>:<path>`. */
export function lfsOid(dir: string, rev: string, path: string): string {
  const pointer = git(dir, 'cat-file', '-p', `${rev}:${path}`);
  const m = /^oid sha256:([0-9a-f]{64})$/m.exec(pointer);
  if (!m) throw new Error(`${rev}:${path} is not an LFS pointer:\n${pointer}`);
  return m[1]!;
}

/** Deletes the object of `<rev>:<path>` from the repository's local LFS store (a checkout without `lfs: true` never had it). */
export function dropLfsObject(dir: string, rev: string, path: string): void {
  const oid = lfsOid(dir, rev, path);
  rmSync(join(dir, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid));
}
