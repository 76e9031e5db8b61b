import { shellQuote as q } from './quote.js';
import type { Executor } from './types.js';

/** Reads a small remote file; null when it does not exist. */
export async function readRemote(exec: Executor, path: string): Promise<string | null> {
  const r = await exec.sh(`if [ -f ${q(path)} ]; then cat ${q(path)}; else exit 3; fi`, { allowFailure: true });
  if (r.code === 3) return null;
  if (r.code !== 0) throw new Error(`cannot read ${path}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Writes a remote file atomically (temp + rename), content via stdin. */
export async function writeRemoteAtomic(exec: Executor, path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  // a failed write (full disk) removes its partial temp file: nothing half-written stays behind
  await exec.sh(
    `umask 077; mkdir -p "$(dirname ${q(path)})" && { cat > ${q(tmp)} && mv -f ${q(tmp)} ${q(path)} || { rm -f ${q(tmp)}; exit 1; }; }`,
    { stdin: content },
  );
}

/** Appends one line to a remote file (content via stdin, never argv). */
export async function appendRemote(exec: Executor, path: string, line: string): Promise<void> {
  await exec.sh(`umask 077; mkdir -p "$(dirname ${q(path)})" && cat >> ${q(path)}`, { stdin: line.endsWith('\n') ? line : `${line}\n` });
}
