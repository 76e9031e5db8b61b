/** Executors run argument arrays on a host: locally (child_process, no shell) or over SSH (quoted). */
import { tail } from '../core/text.js';
import { failureHints } from './failure-hints.js';

export interface ExecOptions {
  /** bytes written to the process' stdin (used to pass secrets without argv) */
  stdin?: string | Buffer;
  cwd?: string;
  /** extra environment (local executor only; over SSH use stdin or env files) */
  env?: Record<string, string>;
  /** do not throw on non-zero exit */
  allowFailure?: boolean;
  /** streaming hooks */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Executor {
  /** human name for logs, e.g. "deploy@host:22" or "local" */
  readonly name: string;
  /** run one program with its arguments, never through a shell on the local side */
  run(argv: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** run a POSIX sh script; every dynamic piece must be quoted with shellQuote() */
  sh(script: string, opts?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}

export class CommandError extends Error {
  constructor(
    readonly argv: string[] | string,
    readonly result: ExecResult,
  ) {
    const cmd = Array.isArray(argv) ? argv.join(' ') : argv;
    const output = result.stderr || result.stdout;
    const hints = failureHints(output);
    super(`command failed (exit ${result.code}): ${cmd.slice(0, 300)}\n${[tail(output, 15), ...hints].join('\n')}`);
    this.name = 'CommandError';
  }
}
