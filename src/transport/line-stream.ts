import type { ExecOptions, ExecResult } from './types.js';

/** The output hooks of a streamed command, and what it printed (its last lines, for a failure message). */
export interface LineStream {
  options: Pick<ExecOptions, 'onStdout' | 'onStderr'>;
  /** emits a last unterminated line of each stream; returns the last `keep` lines of both */
  finish(): string;
}

/**
 * Streams a remote command's output line by line as it comes (`emit(prefix + line)`), for long
 * phases (build, tasks, pip, frontend), instead of buffering it until the command ends.
 */
export function streamLines(emit: (line: string) => void, prefix: string, keep = 15): LineStream {
  const kept: string[] = [];
  const line = (text: string): void => {
    const clean = text.replace(/\r$/, '');
    emit(`${prefix}${clean}`);
    kept.push(clean);
    if (kept.length > keep) kept.shift();
  };
  const splitter = () => {
    let partial = '';
    return {
      push(chunk: Buffer): void {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        parts.forEach(line);
      },
      end(): void {
        if (partial) line(partial);
        partial = '';
      },
    };
  };
  const out = splitter();
  const err = splitter();
  return {
    options: { onStdout: (c) => out.push(c), onStderr: (c) => err.push(c) },
    finish() {
      out.end();
      err.end();
      return kept.join('\n');
    },
  };
}

/**
 * Runs a command (`start` passes the hooks to exec.run or exec.sh) with its output streamed line
 * by line to `emit`, each line prefixed, and still collected in the result: callers keep reading
 * `stdout`/`stderr` as with a buffered run.
 */
export async function runStreamed(
  start: (hooks: Pick<ExecOptions, 'onStdout' | 'onStderr'>) => Promise<ExecResult>,
  emit: (line: string) => void,
  prefix: string,
): Promise<ExecResult> {
  const stream = streamLines(emit, prefix);
  const stdout: Buffer[] = [];
  const onStdout = (c: Buffer): void => {
    stdout.push(c);
    stream.options.onStdout!(c);
  };
  try {
    const r = await start({ onStdout, onStderr: stream.options.onStderr });
    return { ...r, stdout: r.stdout || Buffer.concat(stdout).toString('utf8') };
  } finally {
    stream.finish();
  }
}
