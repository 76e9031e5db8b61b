import { spawn } from 'node:child_process';
import { CommandError, type ExecOptions, type ExecResult, type Executor } from '../../../src/transport/types.js';

/** Runs programs on this machine without a shell (argument arrays only). */
export class LocalExecutor implements Executor {
  readonly name = 'local';

  run(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const [cmd, ...args] = argv;
    if (!cmd) return Promise.reject(new Error('empty command'));
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, {
        cwd: opts.cwd,
        env: opts.env ? { ...process.env, ...opts.env } : process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
      child.stderr.on('data', (c: Buffer) => {
        err.push(c);
        opts.onStderr?.(c);
      });
      child.on('error', reject);
      child.on('close', (code) => {
        const result = { code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
        if (result.code !== 0 && !opts.allowFailure) reject(new CommandError(argv, result));
        else resolve(result);
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin ?? '');
    });
  }

  sh(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.run(['sh', '-c', script], opts);
  }

  async close(): Promise<void> {}
}
