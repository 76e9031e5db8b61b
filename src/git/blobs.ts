import { openCatFile, readBatchAnswer, type BatchObject, type CatFile } from './cat-file.js';

/** A blob's text; null for a missing name or another type (a tree is not a file). */
export function blobText(object: BatchObject | null): string | null {
  return object?.type === 'blob' ? object.content.toString('utf8') : null;
}

/** One parsed answer of `git cat-file --batch`: the blob's text, or null (missing, or not a blob). */
export interface BatchAnswer {
  text: string | null;
  /** where the next answer starts */
  next: number;
}

/** Parses the answer at `at` of complete `git cat-file --batch` output. */
export function parseBatchAnswer(out: Buffer, at: number): BatchAnswer {
  const answer = readBatchAnswer(out, at);
  if (!answer) throw new Error('git cat-file --batch: truncated output');
  return { text: blobText(answer.object), next: answer.next };
}

/** Every answer of a batch, in the order of the names asked. */
export function parseBatch(out: Buffer, count: number): (string | null)[] {
  const texts: (string | null)[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const { text, next } = parseBatchAnswer(out, at);
    texts.push(text);
    at = next;
  }
  return texts;
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
