/** The entries of a top-level `include` (compose 2.20+), as repo-relative files. */
import { posix } from 'node:path';
import { UserError } from '../core/errors.js';
import { toRepoPath } from './paths.js';
import { isPlainMap } from './values.js';

/** One included file: repo-relative, with the directory its relative paths resolve against. */
export interface IncludeRef {
  /** the including file */
  from: string;
  path: string;
  projectDir: string;
}

/** The entries of `include` in `from` (short form, or `{path: one or a list, project_directory?, env_file?}`). */
export function parseInclude(from: string, value: unknown): IncludeRef[] {
  const dir = posix.dirname(from);
  const wrong = (): UserError =>
    new UserError(`${from}: "include" must be a list of paths or of {path, project_directory?}`, { file: from });
  if (!Array.isArray(value)) throw wrong();
  return value.flatMap((entry) => {
    const long = isPlainMap(entry);
    const paths = long ? entry.path : entry;
    const list = Array.isArray(paths) ? paths : [paths];
    if (list.length === 0 || !list.every((p) => typeof p === 'string' && p !== '')) throw wrong();
    const project = long ? entry.project_directory : undefined;
    if (project !== undefined && typeof project !== 'string') throw wrong();
    return (list as string[]).map((p) => {
      const path = toRepoPath(dir, p);
      return { from, path, projectDir: project === undefined ? posix.dirname(path) : toRepoPath(dir, project) };
    });
  });
}
