import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { UserError } from '../core/errors.js';

/** A local git work tree: simple-git for the commands, the directory for the ones it cannot run (a batch on stdin). */
export interface Repo {
  git: SimpleGit;
  dir: string;
}

/** The repository at `dir`, not yet checked to be a work tree (see checkWorkTree); a missing directory is a user error. */
export function repoAt(dir: string): Repo {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UserError(`repository directory not found: ${dir}`);
  return { git: simpleGit({ baseDir: abs, maxConcurrentProcesses: 6, trimmed: false }), dir: abs };
}

/** Fails with a user error unless the directory is inside a git work tree. */
export async function checkWorkTree({ git, dir }: Repo): Promise<void> {
  let inside = false;
  try {
    inside = (await git.raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    inside = false;
  }
  if (!inside) throw new UserError(`not a git repository: ${dir} (pass --repo with a git work tree)`);
}

/** Opens a git work tree; a directory that is not one is a user error, not a crash. */
export async function openRepo(dir: string): Promise<Repo> {
  const repo = repoAt(dir);
  await checkWorkTree(repo);
  return repo;
}
