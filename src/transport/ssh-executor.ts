/** Executor over one SSH connection (node-ssh / ssh2). Every command crosses the remote login shell, so it is quoted. */
import type { NodeSSH } from 'node-ssh';
import type { Client, ClientChannel } from 'ssh2';
import { umaskCommand } from '../sync/modes.js';
import { shellJoin, shellQuote } from './quote.js';
import { CommandError, type ExecOptions, type ExecResult, type Executor } from './types.js';

/** Exit code reported when the connection drops before the remote command exits (ssh uses 255 too). */
export const CONNECTION_LOST_CODE = 255;

export class SshExecutor implements Executor {
  private lastError: Error | undefined;
  private closed = false;
  /** `umask 0022; ` before every command: what a deploy creates never depends on the login shell's umask */
  private readonly prefix: string;

  constructor(
    private readonly ssh: NodeSSH,
    readonly name: string,
    umask?: string,
  ) {
    this.prefix = umask === undefined ? '' : `${umaskCommand(umask)}; `;
    const client = this.client();
    // node-ssh drops its 'error' listener once connected; without one a keepalive timeout would
    // be an unhandled 'error' event and crash the process.
    client.on('error', (err: Error) => (this.lastError = err));
    client.on('close', () => (this.closed = true));
  }

  run(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0) return Promise.reject(new Error('empty command'));
    return this.exec(shellJoin(argv), argv, opts);
  }

  sh(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.exec(shellJoin(['sh', '-c', script]), script, opts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ssh.dispose();
  }

  private client(): Client {
    const client = this.ssh.connection;
    if (!client) throw new Error(`${this.name}: not connected`);
    return client;
  }

  private exec(command: string, label: string[] | string, opts: ExecOptions): Promise<ExecResult> {
    if (opts.env && Object.keys(opts.env).length > 0) {
      return Promise.reject(new Error('ExecOptions.env is not supported over SSH: pass values via stdin'));
    }
    if (this.closed) return Promise.reject(this.lostError());
    const full = `${this.prefix}${opts.cwd ? `cd ${shellQuote(opts.cwd)} && ${command}` : command}`;
    return new Promise((resolve, reject) => {
      this.client().exec(full, (err, channel) => {
        if (err) return reject(this.closed || this.lastError ? this.lostError() : err);
        this.collect(channel, opts).then((result) => {
          if (result.code !== 0 && !opts.allowFailure) reject(new CommandError(label, result));
          else resolve(result);
        }, reject);
      });
    });
  }

  private collect(channel: ClientChannel, opts: ExecOptions): Promise<ExecResult> {
    return new Promise((resolve) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let code: number | undefined;
      let signal: string | undefined;
      channel.on('data', (c: Buffer) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
      channel.stderr.on('data', (c: Buffer) => {
        err.push(c);
        opts.onStderr?.(c);
      });
      channel.on('exit', (c: number | null, sig?: string) => {
        if (typeof c === 'number') code = c;
        if (sig) signal = sig;
      });
      channel.on('close', () => {
        let stderr = Buffer.concat(err).toString();
        if (code === undefined) {
          const why = signal ? `killed by signal ${signal}` : `connection lost: ${this.lostError().message}`;
          stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}${this.name}: ${why}`;
        }
        resolve({ code: code ?? CONNECTION_LOST_CODE, stdout: Buffer.concat(out).toString(), stderr });
      });
      channel.on('error', () => undefined);
      channel.end(opts.stdin ?? '');
    });
  }

  private lostError(): Error {
    return new Error(`${this.name}: SSH connection closed${this.lastError ? ` (${this.lastError.message})` : ''}`);
  }
}
