import { spawn } from 'node:child_process';

/** One parsed answer of `git cat-file --batch`: the blob's text, or null (missing, or not a blob). */
export interface BatchAnswer {
  text: string | null;
  /** where the next answer starts */
  next: number;
}

/** Parses the answer at `at` of `git cat-file --batch` output (`<oid> <type> <size>\n<bytes>\n`, or `<name> missing\n`). */
export function parseBatchAnswer(out: Buffer, at: number): BatchAnswer {
  const eol = out.indexOf(0x0a, at);
  if (eol < 0) throw new Error('git cat-file --batch: truncated output');
  const header = out.subarray(at, eol).toString('utf8');
  const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
  if (!m) return { text: null, next: eol + 1 }; // "<name> missing" / "ambiguous"
  const end = eol + 1 + Number(m[2]);
  if (end > out.length) throw new Error('git cat-file --batch: truncated output');
  return { text: m[1] === 'blob' ? out.subarray(eol + 1, end).toString('utf8') : null, next: end + 1 };
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
 * The files `<commit>:<path>` of `specs`, read by one `git cat-file --batch` (no shell; the names go
 * on stdin): null for a path the commit does not have. A name with a line break cannot be one line
 * of the batch: it reads as missing (a tracked path with a line break is never a compose file or a
 * .dockerignore that matters; the planner then treats it as absent).
 */
export function readBlobs(dir: string, specs: { sha: string; path: string }[]): Promise<(string | null)[]> {
  const names = specs.map(({ sha, path }) => `${sha}:${path}`);
  const batchable = names.filter((n) => !n.includes('\n'));
  if (batchable.length === 0) return Promise.resolve(names.map(() => null));
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file --batch exited ${code}: ${Buffer.concat(err).toString().trim()}`));
      try {
        const answers = parseBatch(Buffer.concat(out), batchable.length);
        let i = 0;
        resolve(names.map((n) => (n.includes('\n') ? null : (answers[i++] ?? null))));
      } catch (e) {
        reject(e as Error);
      }
    });
    child.stdin.end(batchable.map((n) => `${n}\n`).join(''));
  });
}
