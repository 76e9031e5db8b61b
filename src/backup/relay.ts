/**
 * Streams a file from one host into a script on another, through the runner: `ssh A cat -- FILE`
 * piped into `ssh B sh -c SCRIPT` (each over its run's ControlMaster), hashed on the way. Constant
 * memory whatever the size; nothing is written on the runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { withoutSecrets } from '../core/secret-env.js';
import type { HostConnection } from '../transport/connect.js';
import { shellJoin } from '../transport/quote.js';
import { sshDestination } from '../transport/ssh-options.js';
import type { ExecResult } from '../transport/types.js';
import { catArgv } from './download.js';
import { hashTap } from './hash-tap.js';

export type SshEnd = Pick<HostConnection, 'sshArgs' | 'remote' | 'ensureMaster'>;

/** ssh argv running `script` with sh on the remote end (pure). */
export function shScriptArgv(end: Pick<SshEnd, 'sshArgs' | 'remote'>, script: string): string[] {
  return [...end.sshArgs, sshDestination(end.remote), shellJoin(['sh', '-c', script])];
}

export interface Relayed {
  /** the receiving script's exit, stdout and stderr */
  result: ExecResult;
  /** exit status of the sending `cat` and its stderr */
  sent: { code: number; stderr: string };
  /** what went through the runner */
  size: number;
  sha256: string;
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 255));
  });
}

const collect = (stream: NodeJS.ReadableStream, keep = 64_000): (() => string) => {
  let text = '';
  stream.on('data', (c: Buffer) => (text = (text + c.toString()).slice(-keep)));
  return () => text;
};

/** `file` on `from` → stdin of `script` on `to`. Resolves with both ends' outcome (the caller judges them). */
export async function relayFile(from: SshEnd, file: string, to: SshEnd, script: string): Promise<Relayed> {
  await from.ensureMaster();
  await to.ensureMaster();
  const env = withoutSecrets();
  const src = spawn('ssh', catArgv(from.sshArgs, from.remote, file), { stdio: ['ignore', 'pipe', 'pipe'], env });
  const dst = spawn('ssh', shScriptArgv(to, script), { stdio: ['pipe', 'pipe', 'pipe'], env });
  const [srcErr, dstOut, dstErr] = [collect(src.stderr!), collect(dst.stdout!), collect(dst.stderr!)];
  const exits = Promise.all([exitOf(src), exitOf(dst)]);
  const counted = hashTap();
  // a receiver that ends early breaks the pipe: its own output says why
  await pipeline(src.stdout!, counted.tap, dst.stdin!).catch(() => src.kill('SIGTERM'));
  const [sent, received] = await exits;
  return {
    result: { code: received, stdout: dstOut(), stderr: dstErr() },
    sent: { code: sent, stderr: srcErr() },
    size: counted.size(),
    sha256: counted.sha256(),
  };
}
