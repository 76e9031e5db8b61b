import { spawn } from 'node:child_process';
import { withoutSecrets } from '../core/secret-env.js';

/** One object of `git cat-file --batch` output: its id, its type, its bytes. */
export interface BatchObject {
  oid: string;
  type: string;
  content: Buffer;
}

/**
 * Reads the answer at `at` of `git cat-file --batch` output (`<oid> <type> <size>\n<bytes>\n`, or
 * `<name> missing\n`): the object (null for a name git does not have) and where the next answer
 * starts; undefined while the output stops short of the answer's end.
 */
export function readBatchAnswer(out: Buffer, at: number): { object: BatchObject | null; next: number } | undefined {
  const eol = out.indexOf(0x0a, at);
  if (eol < 0) return undefined;
  const header = out.subarray(at, eol).toString('utf8');
  const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
  if (!m) return { object: null, next: eol + 1 }; // "<name> missing" / "ambiguous"
  const end = eol + 1 + Number(m[3]);
  if (end >= out.length) return undefined; // the bytes, or the line break after them, are still to come
  return { object: { oid: m[1]!, type: m[2]!, content: out.subarray(eol + 1, end) }, next: end + 1 };
}

/**
 * One `git cat-file --batch` kept open for several rounds of names (git flushes each answer, so a
 * round is answered while the process waits for the next): one git process for the revisions, the
 * compose files and the .dockerignore files of a plan. `close` ends it (always call it).
 */
export interface CatFile {
  /** The objects `names` name, in order: null for a missing one, or a name with a line break (never sent). */
  ask(names: string[]): Promise<(BatchObject | null)[]>;
  close(): void;
}

interface Round {
  count: number;
  got: (BatchObject | null)[];
  resolve: (objects: (BatchObject | null)[]) => void;
  reject: (error: Error) => void;
}

/** Starts `git cat-file --batch` in `dir` (no shell; names on stdin). A failed git fails every round, with its reason. */
export function openCatFile(dir: string): CatFile {
  const child = spawn('git', ['cat-file', '--batch'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: withoutSecrets() });
  const rounds: Round[] = [];
  const err: Buffer[] = [];
  let out: Buffer = Buffer.alloc(0);
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    for (const round of rounds.splice(0)) round.reject(failed);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out = out.length > 0 ? Buffer.concat([out, chunk]) : chunk;
    let at = 0;
    for (let round = rounds[0]; round; round = rounds[0]) {
      const answer = readBatchAnswer(out, at);
      if (!answer) break;
      round.got.push(answer.object);
      at = answer.next;
      if (round.got.length === round.count) rounds.shift()?.resolve(round.got);
    }
    out = out.subarray(at);
  });
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.on('error', fail);
  // git may exit before reading every name (not a repository): its exit code says why, not EPIPE
  child.stdin.on('error', () => undefined);
  child.on('close', (code) =>
    fail(
      new Error(
        code === 0
          ? 'git cat-file --batch: truncated output'
          : `git cat-file --batch exited ${code}: ${Buffer.concat(err).toString().trim()}`,
      ),
    ),
  );
  return {
    async ask(names) {
      const sent = names.filter((n) => !n.includes('\n'));
      if (failed) throw failed;
      const objects =
        sent.length === 0
          ? []
          : await new Promise<(BatchObject | null)[]>((resolve, reject) => {
              rounds.push({ count: sent.length, got: [], resolve, reject });
              child.stdin.write(sent.map((n) => `${n}\n`).join(''));
            });
      let i = 0;
      return names.map((n) => (n.includes('\n') ? null : (objects[i++] ?? null)));
    },
    close: () => child.stdin.end(),
  };
}
