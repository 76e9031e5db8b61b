/**
 * Git LFS in a test repository, with the objects only in its local store (no LFS server): real
 * git-lfs cleans the tracked files on `git add`, as a developer's machine does.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { manifestRules } from '../../../src/sync/diff-upload.js';
import { layoutOf } from '../../../src/sync/layout.js';
import { manifestFunction, manifestPath, MANIFEST_VERSION } from '../../../src/sync/manifest-script.js';

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

/** As lfsTrack, the patterns written to .git/info/attributes instead (never committed: only this clone tracks them). */
export function lfsTrackLocally(dir: string, ...patterns: string[]): void {
  git(dir, 'lfs', 'install', '--local', '--skip-repo');
  const lines = patterns.map((p) => `${p} filter=lfs diff=lfs merge=lfs -text\n`).join('');
  mkdirSync(join(dir, '.git', 'info'), { recursive: true });
  appendFileSync(join(dir, '.git', 'info', 'attributes'), lines);
}

/**
 * As lfsTrackLocally, the patterns written to `file` named by the repository's core.attributesFile
 * (local config: the CLI runs without a global one): the attribute file of the user, outside the repository.
 */
export function lfsTrackInAttributesFile(dir: string, file: string, ...patterns: string[]): void {
  git(dir, 'lfs', 'install', '--local', '--skip-repo');
  appendFileSync(file, patterns.map((p) => `${p} filter=lfs diff=lfs merge=lfs -text\n`).join(''));
  git(dir, 'config', '--local', 'core.attributesFile', file);
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

/**
 * Rewrites the manifest of release `id` of target `target` (config in <repoDir>/.github/deploy.yml,
 * deploy path `path`) as an upload before manifest v2 wrote it: the same hash over the directory as
 * it is now, with `"v":1` (an upload that may have sent LFS pointers).
 */
export async function writeV1Manifest(repoDir: string, path: string, id: string, target = 't'): Promise<void> {
  const config = await loadConfig(join(repoDir, '.github', 'deploy.yml'));
  const fn = manifestFunction(manifestRules(config.targets[target]!));
  const v1 = fn.replace(`"v":${MANIFEST_VERSION}`, '"v":1');
  if (v1 === fn) throw new Error('the manifest function has no version to rewrite');
  const layout = layoutOf(path);
  execFileSync('sh', [
    '-c',
    `${v1}\nmanifest "$1" "$2.tmp" > "$2.new" && mv "$2.new" "$2"`,
    'sh',
    layout.releaseDir(id),
    manifestPath(layout.root, id),
  ]);
}
