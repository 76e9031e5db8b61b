import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { UserError } from '../core/errors.js';

/** Opens a git work tree; a directory that is not one is a user error, not a crash. */
export async function openRepo(dir: string): Promise<SimpleGit> {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UserError(`repository directory not found: ${dir}`);
  const git = simpleGit({ baseDir: abs, maxConcurrentProcesses: 4, trimmed: false });
  let inside = false;
  try {
    inside = (await git.raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    inside = false;
  }
  if (!inside) throw new UserError(`not a git repository: ${abs} (pass --repo with a git work tree)`);
  return git;
}
