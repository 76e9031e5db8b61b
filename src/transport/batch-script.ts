/**
 * Several scripts in one round trip (pure): each runs in a subshell of its own and is followed by a
 * frame line with its exit code, after a boundary the caller makes unique to the run (random), so
 * what the scripts print (a host's files) cannot be taken for a frame. parseBatch gives back each
 * script's result as if it had been sent alone (stderr stays on the round trip's stderr).
 */
import { shellQuote as q } from './quote.js';
import type { ExecResult } from './types.js';

/** The scripts, each followed by `\n<boundary> <exit code>\n`; the whole exits 0. */
export function batchScript(scripts: readonly string[], boundary: string): string {
  return scripts.map((s) => `(\n${s}\n)\nprintf '\\n%s %s\\n' ${q(boundary)} "$?"`).join('\n');
}

/** The results of batchScript's `count` scripts from its stdout; undefined when the output is not framed so. */
export function parseBatch(stdout: string, boundary: string, count: number): ExecResult[] | undefined {
  const results: ExecResult[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const frame = stdout.indexOf(`\n${boundary} `, at);
    const end = frame < 0 ? -1 : stdout.indexOf('\n', frame + 1);
    if (end < 0) return undefined;
    const code = stdout.slice(frame + boundary.length + 2, end);
    if (!/^\d+$/.test(code)) return undefined;
    results.push({ code: Number(code), stdout: stdout.slice(at, frame), stderr: '' });
    at = end + 1;
  }
  return at === stdout.length ? results : undefined;
}
