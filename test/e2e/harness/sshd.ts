/** A throwaway OpenSSH server on 127.0.0.1 (or ::1) with per-run host and client keys (see HARNESS-NOTES). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort as loopbackFreePort, onFreePort, PortTaken } from './ports.js';

export const SSHD = '/usr/sbin/sshd';

/** Loopback, IPv4 or IPv6. */
export type SshdAddress = '127.0.0.1' | '::1';

export interface SshdHandle {
  port: number;
  /** `ssh-ed25519 AAAA…` of the server's host key */
  hostKeyPub: string;
  /** known_hosts text as OpenSSH writes it: `[127.0.0.1]:<port> ssh-ed25519 AAAA…` (`[::1]:<port> …`) */
  knownHosts: string;
  /** private key text of a client key that is authorized for root */
  clientKey: string;
  user: 'root';
  /** the address it listens on (IPv6 without brackets) */
  host: SshdAddress;
  dir: string;
  pid: number;
  /** pids of its per-connection processes (a killed client's stays while sshd winds its session down) */
  sessions(): number[];
  stop(): Promise<void>;
}

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && onPath('ssh-keygen') && onPath('ssh');
}

export function freePort(address: SshdAddress = '127.0.0.1'): Promise<number> {
  return loopbackFreePort(address);
}

export function keygen(path: string, type = 'ed25519'): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'e2e', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

function canConnect(port: number, address: SshdAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, address);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * The one SetEnv line of a test sshd (sshd keeps only the first SetEnv line it reads): the caller's
 * variables plus SHLVL=1. Bash reads ~/.bashrc for a command run by sshd only when SHLVL is unset
 * or below 2; this machine's /root/.bashrc runs `pyenv init` (0.5-1.4 s per SSH command), which
 * belongs to the machine, not to the hosts the tests stand for.
 */
function setEnvLine(extra: string[]): string {
  const vars = extra.filter((l) => l.startsWith('SetEnv ')).flatMap((l) => l.slice('SetEnv '.length).trim().split(/\s+/));
  return `SetEnv ${[...vars, 'SHLVL=1'].join(' ')}`;
}

/** sshd_config of a test sshd: keys under `dir`, root by key only; `extra` lines appended (SetEnv merged). */
export function sshdConfig(dir: string, port: number, address = '127.0.0.1', extra: string[] = []): string {
  return [
    `Port ${port}`,
    `ListenAddress ${address}`,
    `HostKey ${dir}/host_ed25519`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'ClientAliveInterval 2',
    'ClientAliveCountMax 2',
    'MaxStartups 50',
    'MaxSessions 50',
    setEnvLine(extra),
    ...extra.filter((l) => !l.startsWith('SetEnv ')),
    '',
  ].join('\n');
}

function childPids(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter(Boolean).map(Number);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

export interface SshdOptions {
  /**
   * umask of the server and so of every session (UsePAM is off: nothing resets it), e.g. "002"
   * for a shared host whose login shells create group-writable files. Default: the test's own.
   */
  umask?: string;
  /** extra sshd_config lines (e.g. `SetEnv PATH=...` for a host whose PATH lacks a tool) */
  extra?: string[];
  /** the loopback address to listen on (default 127.0.0.1) */
  address?: SshdAddress;
}

/** An sshd child listening on its port, and its exit. */
interface Listening {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/**
 * Starts sshd on a free port and waits for its own "Server listening" line (not only a connect: the
 * port freePort found may be taken by another process, another e2e file's, before sshd binds it; a
 * connect would then reach that one). A lost port is tried again with another one; other failures throw.
 */
async function spawnListening(dir: string, address: SshdAddress, opts: SshdOptions): Promise<Listening> {
  try {
    return await onFreePort(
      (port) => spawnOn(dir, address, port, opts),
      () => freePort(address),
    );
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function spawnOn(dir: string, address: SshdAddress, port: number, opts: SshdOptions): Promise<Listening> {
  await writeFile(join(dir, 'sshd_config'), sshdConfig(dir, port, address, opts.extra));
  const args = ['-f', join(dir, 'sshd_config'), '-D', '-e'];
  // `exec` keeps the pid: it is sshd's, for stop()
  const child = opts.umask
    ? spawn('sh', ['-c', `umask ${opts.umask} && exec "$0" "$@"`, SSHD, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(SSHD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(log.includes('Server listening on') && (await canConnect(port, address)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      if (/Address already in use|Cannot bind any address/.test(log)) throw new PortTaken(port, `sshd: ${log.trim()}`);
      throw new Error(`sshd did not start on port ${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, exited };
}

export async function startSshd(opts: SshdOptions = {}): Promise<SshdHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-sshd-'));
  await chmod(dir, 0o755);
  await mkdir('/run/sshd', { recursive: true });
  keygen(join(dir, 'host_ed25519'));
  keygen(join(dir, 'client_ed25519'));
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_ed25519.pub')));
  const hostKeyPub = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  const address = opts.address ?? '127.0.0.1';
  if (opts.umask !== undefined && !/^[0-7]{3,4}$/.test(opts.umask)) throw new Error(`bad umask ${JSON.stringify(opts.umask)}`);
  const { child, port, exited } = await spawnListening(dir, address, opts);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.pid) {
        // per-connection sshd processes are children of the listener and outlive it
        const sessions = childPids(child.pid);
        process.kill(child.pid, 'SIGTERM');
        for (const pid of sessions) killQuietly(pid);
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      await rm(dir, { recursive: true, force: true });
    })());
  return {
    port,
    hostKeyPub,
    knownHosts: `[${address}]:${port} ${hostKeyPub}\n`,
    clientKey: await readFile(join(dir, 'client_ed25519'), 'utf8'),
    user: 'root',
    host: address,
    dir,
    pid: child.pid ?? 0,
    sessions: () => (child.pid && child.exitCode === null ? childPids(child.pid) : []),
    stop,
  };
}
