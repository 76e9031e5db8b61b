/**
 * Open one verified SSH connection to a host: an ssh2 connection for commands (SshExecutor) plus
 * OpenSSH client options for rsync that reuse one ControlMaster for the whole run. The private key
 * never touches the disk: ssh2 takes it from memory, the ControlMaster from a private ssh-agent.
 */
import { NodeSSH } from 'node-ssh';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { createHostKeyCheck, HostKeyVerificationError, knownHostsLine, type HostKeyCheck } from './host-keys.js';
import { masterControl } from './master.js';
import { parsePrivateKey, writeKnownHostsFile, writePublicKeyFile, type PrivateKey } from './private-key.js';
import { agentFiles, createRunDir, removeRunDir, sweepStaleRunDirs } from './run-dir.js';
import { buildSshOptions, displayRemote, parseUserHost, sshDestination, type RemoteAddress } from './ssh-options.js';
import { SshExecutor } from './ssh-executor.js';
import { openTcp } from './tcp-socket.js';
import { TracedExecutor } from './traced-executor.js';
import type { Executor } from './types.js';

export interface ConnectOptions {
  /** `user@host` (IPv6 may be bracketed) */
  host: string;
  port: number;
  privateKey: string;
  knownHosts?: string;
  fingerprint?: string;
  /** umask of every remote command (see SshExecutor); validated by sync/modes.ts */
  umask?: string;
  /** `--trace`: receives one line per remote command (duration, exit code, label) */
  trace?: (line: string) => void;
}

/** SSH connections opened (for the benchmark): ssh2 connections and OpenSSH ControlMasters. */
export interface ConnectionCounter {
  ssh2: number;
  masters: number;
}

export interface HostConnection {
  exec: Executor;
  /** OpenSSH client options for `rsync -e` (identity, strict known_hosts, keepalive, ControlMaster) */
  sshArgs: string[];
  remote: RemoteAddress;
  /** connections this handle opened */
  connections: ConnectionCounter;
  /**
   * the run's private temp dir: public key, known_hosts, agent and control sockets, never the
   * private key (removed by cleanup; swept by a later run if this process is killed)
   */
  keyDir: string;
  /** start the shared ControlMaster unless it is running; call before each rsync */
  ensureMaster(): Promise<void>;
  /** stop the master (`ssh -O exit`) and the agent, close the ssh2 connection, remove the dir */
  cleanup(): Promise<void>;
}

export const SSH2_TIMEOUTS = { readyTimeout: 10_000, keepaliveInterval: 5_000, keepaliveCountMax: 2 } as const;

/** Verify, connect, and prepare rsync's ssh options. Refuses without a host key trust anchor. */
export async function connectHost(opts: ConnectOptions): Promise<HostConnection> {
  const remote = parseUserHost(opts.host, opts.port);
  const check = createHostKeyCheck({ ...remote, knownHosts: opts.knownHosts, fingerprint: opts.fingerprint });
  const key = parsePrivateKey(opts.privateKey);
  // the handshake starts now: the run dir is made meanwhile (a busy event loop would delay each step)
  const opening = openSsh2(remote, key.text, check);
  opening.catch(() => undefined);
  const dir = await makeRunDir().catch(async (err: unknown) => {
    (await opening.catch(() => undefined))?.dispose();
    throw err;
  });
  const connections: ConnectionCounter = { ssh2: 0, masters: 0 };
  let ssh: NodeSSH | undefined;
  let sshArgs: string[];
  try {
    ssh = await opening;
    connections.ssh2++;
    sshArgs = await opensshOptions(dir, remote, check, key);
  } catch (err) {
    ssh?.dispose();
    await removeRunDir(dir);
    throw err;
  }
  const ssh2Exec = new SshExecutor(ssh, displayRemote(remote), opts.umask);
  const exec: Executor = opts.trace ? new TracedExecutor(ssh2Exec, opts.trace) : ssh2Exec;
  const onStart = (): void => {
    connections.masters++;
  };
  const master = masterControl({ sshArgs, dest: sshDestination(remote), dir, privateKey: key.text, onStart });
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      // independent connections: both close at once
      const closed = await Promise.allSettled([master.exit(), exec.close()]);
      for (const c of closed) if (c.status === 'rejected') throw c.reason;
      await removeRunDir(dir);
    })());
  return { exec, sshArgs, remote, connections, keyDir: dir, ensureMaster: master.ensure, cleanup };
}

/** The run dir, stale ones of dead runs swept first. */
async function makeRunDir(): Promise<string> {
  await sweepStaleRunDirs();
  return createRunDir();
}

/**
 * OpenSSH options for rsync: the public key as identity (the agent holds the private half) and a
 * known_hosts that trusts exactly the one key ssh2 accepted, never the raw known-hosts text: that
 * text may hold @cert-authority lines or other keys ssh2 did not (or could not) check.
 */
async function opensshOptions(dir: string, remote: RemoteAddress, check: HostKeyCheck, key: PrivateKey): Promise<string[]> {
  if (!check.accepted) throw new HostKeyVerificationError('host key was not verified');
  const knownHostsPath = await writeKnownHostsFile(dir, knownHostsLine(remote.host, remote.port, check.accepted));
  const keyPath = await writePublicKeyFile(dir, key);
  return buildSshOptions({ keyPath, port: remote.port, knownHostsPath, controlDir: dir, agentSocket: agentFiles(dir).socket });
}

async function openSsh2(remote: RemoteAddress, privateKey: string, check: HostKeyCheck): Promise<NodeSSH> {
  const ssh = new NodeSSH();
  const sock = openTcp(remote);
  try {
    await ssh.connect({
      host: remote.host,
      port: remote.port,
      sock,
      username: remote.user,
      privateKey,
      hostVerifier: check.verify,
      ...(check.algorithms ? { algorithms: { serverHostKey: check.algorithms as ServerHostKeyAlgorithm[] } } : {}),
      ...SSH2_TIMEOUTS,
      tryKeyboard: false,
    });
    return ssh;
  } catch (err) {
    ssh.dispose();
    sock.destroy();
    if (check.failure) throw new HostKeyVerificationError(check.failure);
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`ssh connection to ${displayRemote(remote)} failed: ${msg}`, { cause: err });
  }
}
