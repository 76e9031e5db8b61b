import { openCatFile, type BatchObject, type CatFile } from './cat-file.js';

/** A blob's text; null for a missing name or another type (a tree is not a file). */
export function blobText(object: BatchObject | null): string | null {
  return object?.type === 'blob' ? object.content.toString('utf8') : null;
}

/**
 * The files `<commit>:<path>` of `specs`, read by `git cat-file --batch` (no shell; the names go
 * on stdin): `catFile`, or a process of their own. Null for a path the commit does not have. A name
 * with a line break cannot be one line of the batch: it reads as missing (a tracked path with a line
 * break is never a compose file or a .dockerignore that matters; the planner then treats it as absent).
 */
export async function readBlobs(dir: string, specs: { sha: string; path: string }[], catFile?: CatFile): Promise<(string | null)[]> {
  return (await readBlobObjects(dir, specs, catFile)).map(blobText);
}

/** readBlobs's objects, their bytes as they are (a config file may be binary). */
export async function readBlobObjects(
  dir: string,
  specs: { sha: string; path: string }[],
  catFile?: CatFile,
): Promise<(BatchObject | null)[]> {
  const names = specs.map(({ sha, path }) => `${sha}:${path}`);
  if (catFile) return catFile.ask(names);
  if (names.every((n) => n.includes('\n'))) return names.map(() => null);
  const own = openCatFile(dir);
  try {
    return await own.ask(names);
  } finally {
    own.close();
  }
}
