import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { gitAt, type Git } from './run.js';

/** A local git work tree: its git, and its directory (for the commands that read a batch on stdin). */
export interface Repo {
  git: Git;
  dir: string;
}

/** The repository at `dir`, not yet checked to be a work tree (see checkWorkTree); a missing directory is a user error. */
export function repoAt(dir: string): Repo {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UserError(`repository directory not found: ${dir}`);
  return { git: gitAt(abs), dir: abs };
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
