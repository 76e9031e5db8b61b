import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutSecrets } from '../core/secret-env.js';
import { lfsContent, type LfsFile } from '../git/lfs-pointers.js';
import { LFS_OFF, writeLfsContent } from './lfs-content.js';

/**
 * Pipes `git archive <sha>` into `tar -x` (two processes, no shell, no deploy secret in their
 * environment), so any commit can be uploaded; `config`: git's `-c` options (LFS_OFF).
 */
function archiveInto(repo: string, sha: string, dir: string, config: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = withoutSecrets();
    const git = spawn('git', ['-C', repo, ...config, 'archive', '--format=tar', sha], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'], env });
    let err = '';
    git.stderr.on('data', (c: Buffer) => (err += c.toString()));
    tar.stderr.on('data', (c: Buffer) => (err += c.toString()));
    git.stdout.pipe(tar.stdin);
    // both end (tar sees EOF when git stops; git a broken pipe when tar stops): the failure reported
    // is git's when it failed (tar's "does not look like a tar archive" only follows from it)
    const codes = new Map<string, number | null>();
    const done = (name: string) => (code: number | null) => {
      codes.set(name, code);
      if (codes.size < 2) return;
      const failed = ['git archive', 'tar'].find((n) => codes.get(n) !== 0);
      if (failed) reject(new Error(`${failed} exited ${codes.get(failed)}: ${err.trim()}`));
      else resolve();
    };
    git.on('error', reject);
    tar.on('error', reject);
    git.on('close', done('git archive'));
    tar.on('close', done('tar'));
  });
}

export interface ExportedTree {
  dir: string;
  /** the commit's Git LFS files (their content is in the tree, not their pointers) */
  lfs?: LfsFile[];
  cleanup(): Promise<void>;
}

/**
 * Exports the tree of a commit to a fresh temp dir and writes its REVISION file (the full sha).
 * LFS files get their content from the local LFS store; a commit whose LFS content is not there is
 * refused (a UserError naming the files) before anything is exported. `leftOut`: the files the
 * upload never sends (uploadLeavesOut), kept as their pointers; without it the whole tree is used
 * on the runner (a build), so every LFS file needs its content.
 */
export async function exportTree(repo: string, sha: string, leftOut?: (path: string) => boolean): Promise<ExportedTree> {
  const lfs = await lfsContent(repo, sha, leftOut);
  const dir = await mkdtemp(join(tmpdir(), 'gitops-deploy-tree-'));
  try {
    // rsync -p copies the source root's mode to the release dir (or the in-place root): mkdtemp's
    // 0700 would lock out the web server and Passenger's app user.
    await chmod(dir, 0o755);
    await archiveInto(repo, sha, dir, lfs.files.length > 0 ? LFS_OFF : []);
    await writeLfsContent(dir, lfs.store, lfs.files);
    await writeFile(join(dir, 'REVISION'), `${sha}\n`);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, lfs: lfs.files, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
