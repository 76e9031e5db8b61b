/**
 * An Executor that reports every command it ran with its duration and exit code (`--trace`): where
 * a deploy's time goes, command by command. Labels are the argv or the script's first line; secrets
 * never reach either (they travel over stdin), and stdin is not shown.
 */
import type { ExecOptions, ExecResult, Executor } from './types.js';

const LABEL_CHARS = 120;

/** The one-line label of a command (pure): argv joined, or the script's first non-empty line. */
export function traceLabel(command: string[] | string): string {
  const text = Array.isArray(command) ? command.join(' ') : (command.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/** "trace host: 1234 ms exit 0 docker compose ps" (pure) */
export function traceLine(host: string, ms: number, code: number | 'error', label: string): string {
  return `trace ${host}: ${String(Math.round(ms)).padStart(6)} ms ${code === 'error' ? 'error ' : `exit ${code}`} ${label}`;
}

export class TracedExecutor implements Executor {
  constructor(
    private readonly inner: Executor,
    private readonly emit: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get name(): string {
    return this.inner.name;
  }

  run(argv: string[], opts?: ExecOptions): Promise<ExecResult> {
    return this.timed(traceLabel(argv), () => this.inner.run(argv, opts));
  }

  sh(script: string, opts?: ExecOptions): Promise<ExecResult> {
    return this.timed(traceLabel(script), () => this.inner.sh(script, opts));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async timed(label: string, call: () => Promise<ExecResult>): Promise<ExecResult> {
    const start = this.now();
    try {
      const result = await call();
      this.emit(traceLine(this.name, this.now() - start, result.code, label));
      return result;
    } catch (e) {
      this.emit(traceLine(this.name, this.now() - start, 'error', label));
      throw e;
    }
  }
}
