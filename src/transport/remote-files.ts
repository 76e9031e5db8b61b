import { shellQuote as q } from './quote.js';
import type { ExecResult, Executor } from './types.js';

/** Script (pure): prints a small remote file; exit 3 when it does not exist. */
export function readRemoteScript(path: string): string {
  return `if [ -f ${q(path)} ]; then cat ${q(path)}; else exit 3; fi`;
}

/**
 * Reads a small remote file; null when it does not exist. `sent`: the result of readRemoteScript
 * already run (in another round trip), read as if it were run now (unless it failed).
 */
export async function readRemote(exec: Executor, path: string, sent?: ExecResult): Promise<string | null> {
  // a failed read is sent again: its error (stderr) is reported from here
  const r = sent && (sent.code === 0 || sent.code === 3) ? sent : await exec.sh(readRemoteScript(path), { allowFailure: true });
  if (r.code === 3) return null;
  if (r.code !== 0) throw new Error(`cannot read ${path}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** A temp file name next to `path`, unique to this run. */
export const tempNextTo = (path: string): string => `${path}.tmp-${process.pid}-${Date.now()}`;

/**
 * Script (pure): the rest of stdin (or what the command `from` prints) into `path` atomically
 * (temp + rename), `fail` run when it cannot. A failed write (full disk) removes its partial temp
 * file: nothing half-written stays behind.
 */
export function atomicWriteScript(path: string, tmp: string, fail = 'exit 1', from = 'cat'): string {
  return `umask 077; mkdir -p "$(dirname ${q(path)})" && { ${from} > ${q(tmp)} && mv -f ${q(tmp)} ${q(path)} || { rm -f ${q(tmp)}; ${fail}; }; }`;
}

/** Writes a remote file atomically (temp + rename), content via stdin. */
export async function writeRemoteAtomic(exec: Executor, path: string, content: string): Promise<void> {
  await exec.sh(atomicWriteScript(path, tempNextTo(path)), { stdin: content });
}

/** Script (pure): appends what `from` prints to `path` (created 0600 with its parents). */
export function appendScript(path: string, from = 'cat'): string {
  return `umask 077; mkdir -p "$(dirname ${q(path)})" && ${from} >> ${q(path)}`;
}

/** Appends one line to a remote file (content via stdin, never argv). */
export async function appendRemote(exec: Executor, path: string, line: string): Promise<void> {
  await exec.sh(appendScript(path), { stdin: line.endsWith('\n') ? line : `${line}\n` });
}
