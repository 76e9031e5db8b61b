/**
 * Copies a backup from the host to the runner (off-site copy): `ssh ... cat -- FILE` over the run's
 * ControlMaster, streamed to disk through a sha256 hash (constant memory whatever the size).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { withoutSecrets } from '../core/secret-env.js';
import type { HostConnection } from '../transport/connect.js';
import { shellQuote } from '../transport/quote.js';
import { sshDestination, type RemoteAddress } from '../transport/ssh-options.js';
import { hashTap } from './hash-tap.js';

/** ssh argv printing the remote file on stdout (pure). */
export function catArgv(sshArgs: readonly string[], remote: RemoteAddress, file: string): string[] {
  return [...sshArgs, sshDestination(remote), `cat -- ${shellQuote(file)}`];
}

export interface Download {
  file: string;
  size: number;
  sha256: string;
}

/** Streams `remoteFile` into `localFile` (0600); rejects when ssh fails or `expectSha256` differs. */
export async function downloadFile(
  conn: Pick<HostConnection, 'sshArgs' | 'remote' | 'ensureMaster'>,
  remoteFile: string,
  localFile: string,
  expectSha256?: string,
): Promise<Download> {
  await conn.ensureMaster();
  const child = spawn('ssh', catArgv(conn.sshArgs, conn.remote, remoteFile), { stdio: ['ignore', 'pipe', 'pipe'], env: withoutSecrets() });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 255));
  });
  const counted = hashTap();
  await pipeline(child.stdout, counted.tap, createWriteStream(localFile, { mode: 0o600 }));
  const code = await exited;
  if (code !== 0) throw new Error(`download of ${remoteFile} failed (ssh exit ${code}): ${stderr.trim()}`);
  const sha256 = counted.sha256();
  if (expectSha256 && sha256 !== expectSha256)
    throw new Error(`download of ${remoteFile}: sha256 ${sha256} differs from the backup's ${expectSha256}`);
  return { file: localFile, size: counted.size(), sha256 };
}
