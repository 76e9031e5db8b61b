/**
 * Open one verified SSH connection to a host: an ssh2 connection for commands (SshExecutor) plus
 * OpenSSH client options for rsync that reuse one ControlMaster for the whole run.
 */
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeSSH } from 'node-ssh';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import {
  createHostKeyCheck,
  HostKeyVerificationError,
  knownHostsLine,
  type HostKeyCheck,
} from './host-keys.js';
import { normalizePrivateKey, writeKnownHostsFile, writePrivateKey, type KeyFiles } from './private-key.js';
import { buildSshOptions, displayRemote, parseUserHost, sshDestination, type RemoteAddress } from './ssh-options.js';
import { SshExecutor } from './ssh-executor.js';

export interface ConnectOptions {
  /** `user@host` (IPv6 may be bracketed) */
  host: string;
  port: number;
  privateKey: string;
  knownHosts?: string;
  fingerprint?: string;
  /** umask of every remote command (see SshExecutor); validated by sync/modes.ts */
  umask?: string;
}

/** SSH connections opened (for the benchmark): ssh2 connections and OpenSSH ControlMasters. */
export interface ConnectionCounter {
  ssh2: number;
  masters: number;
}

/** Totals over every connectHost() of this process. */
export const sshConnectionTotals: ConnectionCounter = { ssh2: 0, masters: 0 };

export interface HostConnection {
  exec: SshExecutor;
  /** OpenSSH client options for `rsync -e` (identity, strict known_hosts, keepalive, ControlMaster) */
  sshArgs: string[];
  remote: RemoteAddress;
  /** connections this handle opened */
  connections: ConnectionCounter;
  /** temp dir holding the key, known_hosts and control socket (removed by cleanup) */
  keyDir: string;
  /** start the shared ControlMaster unless it is running; call before each rsync */
  ensureMaster(): Promise<void>;
  /** stop the master (`ssh -O exit`), close the ssh2 connection, remove the key dir */
  cleanup(): Promise<void>;
}

export const SSH2_TIMEOUTS = { readyTimeout: 10_000, keepaliveInterval: 5_000, keepaliveCountMax: 2 } as const;

/** Verify, connect, and prepare rsync's ssh options. Refuses without a host key trust anchor. */
export async function connectHost(opts: ConnectOptions): Promise<HostConnection> {
  const remote = parseUserHost(opts.host, opts.port);
  const check = createHostKeyCheck({ ...remote, knownHosts: opts.knownHosts, fingerprint: opts.fingerprint });
  const files = await writePrivateKey(opts.privateKey);
  const connections: ConnectionCounter = { ssh2: 0, masters: 0 };
  let ssh: NodeSSH | undefined;
  let knownHostsPath: string;
  try {
    ssh = await openSsh2(remote, opts.privateKey, check);
    connections.ssh2++;
    sshConnectionTotals.ssh2++;
    // OpenSSH (rsync) trusts exactly the one key ssh2 accepted, never the raw known-hosts text:
    // that text may hold @cert-authority lines or other keys ssh2 did not (or could not) check.
    if (!check.accepted) throw new HostKeyVerificationError('host key was not verified');
    knownHostsPath = await writeKnownHostsFile(files.dir, knownHostsLine(remote.host, remote.port, check.accepted));
    files.knownHostsPath = knownHostsPath;
  } catch (err) {
    ssh?.dispose();
    await files.cleanup();
    throw err;
  }
  const exec = new SshExecutor(ssh, displayRemote(remote), opts.umask);
  const sshArgs = buildSshOptions({ keyPath: files.keyPath, port: remote.port, knownHostsPath, controlDir: files.dir });
  const master = masterControl(sshArgs, sshDestination(remote), files, connections);
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      await master.exit();
      await exec.close();
      await files.cleanup();
    })());
  return { exec, sshArgs, remote, connections, keyDir: files.dir, ensureMaster: master.ensure, cleanup };
}

async function openSsh2(remote: RemoteAddress, privateKey: string, check: HostKeyCheck): Promise<NodeSSH> {
  const ssh = new NodeSSH();
  try {
    await ssh.connect({
      host: remote.host,
      port: remote.port,
      username: remote.user,
      privateKey: normalizePrivateKey(privateKey),
      hostVerifier: check.verify,
      ...(check.algorithms ? { algorithms: { serverHostKey: check.algorithms as ServerHostKeyAlgorithm[] } } : {}),
      ...SSH2_TIMEOUTS,
      tryKeyboard: false,
    });
    return ssh;
  } catch (err) {
    ssh.dispose();
    if (check.failure) throw new HostKeyVerificationError(check.failure);
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`ssh connection to ${displayRemote(remote)} failed: ${msg}`, { cause: err });
  }
}

interface Master {
  ensure(): Promise<void>;
  exit(): Promise<void>;
}

function masterControl(sshArgs: string[], dest: string, files: KeyFiles, counter: ConnectionCounter): Master {
  let pending: Promise<void> | undefined;
  const ctl = (op: string): Promise<number> => runSsh([...sshArgs, '-O', op, dest]);
  const start = async (): Promise<void> => {
    if ((await ctl('check')) === 0) return;
    const logPath = join(files.dir, 'master.log');
    counter.masters++;
    sshConnectionTotals.masters++;
    // -M: be the master; -N: no command; -f: background after authentication.
    const code = await runSsh([...sshArgs, '-M', '-N', '-f', dest], logPath);
    if (code !== 0) {
      const log = await readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`ssh ControlMaster to ${dest} failed (exit ${code}): ${log.trim()}`);
    }
  };
  return {
    ensure: () => {
      pending ??= start().finally(() => (pending = undefined));
      return pending;
    },
    exit: async () => {
      await pending?.catch(() => undefined);
      await ctl('exit');
    },
  };
}

/**
 * Run the local ssh client and resolve with its exit code. Output goes to a log file (or nowhere):
 * a backgrounded master keeps inherited pipes open, so waiting for 'close' would hang.
 */
async function runSsh(args: string[], logPath?: string): Promise<number> {
  const log = logPath ? await open(logPath, 'a', 0o600) : undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('ssh', args, { stdio: ['ignore', 'ignore', log ? log.fd : 'ignore'] });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code ?? 255));
    });
  } finally {
    await log?.close();
  }
}
