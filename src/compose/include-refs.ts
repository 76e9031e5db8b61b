/** The entries of a top-level `include` (compose 2.20+), as repo-relative files. */
import { posix } from 'node:path';
import { UserError } from '../core/errors.js';
import { composeDotEnvPath } from './dotenv.js';
import { toRepoPath } from './paths.js';
import { isPlainMap } from './values.js';

/** One included file: repo-relative, with the directory its relative paths resolve against. */
export interface IncludeRef {
  /** the including file */
  from: string;
  path: string;
  projectDir: string;
  /** the files whose variables interpolate it (its `env_file`, relative to the including file, else `<projectDir>/.env`) */
  envFiles: string[];
}

/** The entries of `include` in `from` (short form, or `{path: one or a list, project_directory?, env_file?: one or a list}`). */
export function parseInclude(from: string, value: unknown): IncludeRef[] {
  const dir = posix.dirname(from);
  const wrong = (): UserError =>
    new UserError(`${from}: "include" must be a list of paths or of {path, project_directory?, env_file?}`, { file: from });
  if (!Array.isArray(value)) throw wrong();
  return value.flatMap((entry) => {
    const long = isPlainMap(entry);
    const paths = long ? entry.path : entry;
    const list = Array.isArray(paths) ? paths : [paths];
    if (list.length === 0 || !list.every((p) => typeof p === 'string' && p !== '')) throw wrong();
    const project = long ? entry.project_directory : undefined;
    if (project !== undefined && typeof project !== 'string') throw wrong();
    const envFile = long ? entry.env_file : undefined;
    const envList = envFile === undefined ? undefined : Array.isArray(envFile) ? envFile : [envFile];
    if (envList !== undefined && !envList.every((p) => typeof p === 'string' && p !== '')) throw wrong();
    return (list as string[]).map((p) => {
      const path = toRepoPath(dir, p);
      const projectDir = project === undefined ? posix.dirname(path) : toRepoPath(dir, project);
      const envFiles = envList === undefined ? [composeDotEnvPath(projectDir)] : (envList as string[]).map((e) => toRepoPath(dir, e));
      return { from, path, projectDir, envFiles };
    });
  });
}
