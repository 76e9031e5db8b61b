/**
 * Shared fixtures of the unit tests that run real shell scripts on this machine: a LocalExecutor,
 * temp dirs whose names carry spaces and quotes (the scripts must quote every path), a tiny git repo.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { LocalExecutor } from './local-executor.js';

export const local = new LocalExecutor();

/** A characteristically hostile directory name: spaces, both quotes, `$`, a backslash. */
export const HOSTILE_NAME = `it's a "dir" $HOME \\ x`;

/** Fresh temp dir (under `parent`, default os.tmpdir()) whose path contains HOSTILE_NAME. */
export async function hostileTempDir(prefix: string, parent = tmpdir()): Promise<string> {
  const base = await mkdtemp(join(parent, `${prefix}-`));
  const dir = join(base, HOSTILE_NAME);
  await mkdir(dir);
  return dir;
}

/** Registers a fresh hostile temp dir per test; returns a getter for it. Removes it afterwards. */
export function useHostileTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await hostileTempDir(prefix);
  });
  afterEach(async () => {
    if (dir) await rm(dirname(dir), { recursive: true, force: true });
  });
  return () => dir;
}

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  /** writes the files and commits them; returns the new HEAD sha */
  commit(files: Record<string, string>): Promise<string>;
}

/** `git init` in `dir` (created if needed), with a committer identity and no signing. */
export async function initRepo(dir: string): Promise<TempRepo> {
  await mkdir(dir, { recursive: true });
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    async commit(files) {
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', 'test');
      return git('rev-parse', 'HEAD').trim();
    },
  };
}
