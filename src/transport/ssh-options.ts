/** Pure builders for OpenSSH client options and remote addressing (used by rsync's `-e`). */
import { UserError } from '../core/errors.js';
import { assertControlDir, CONTROL_SOCKET_NAME } from './socket-path.js';

export interface RemoteAddress {
  user: string;
  /** hostname, IPv4, or IPv6 without brackets */
  host: string;
  port: number;
}

const CONTROL_CHARS = /[\x00-\x1f\x7f]/;

/** Reject input that an ssh/rsync command line could mistake for an option or split. */
export function assertSafeUser(user: string): void {
  if (!user || user.startsWith('-') || CONTROL_CHARS.test(user) || /[\s@:/\\'"`$]/.test(user)) {
    throw new UserError(`invalid SSH user ${JSON.stringify(user)}`);
  }
}

export function assertSafeHost(host: string): void {
  const ok = /^[A-Za-z0-9._:%_-]+$/.test(host) && !host.startsWith('-') && !host.startsWith('.');
  if (!ok) throw new UserError(`invalid SSH host ${JSON.stringify(host)}`);
}

export function assertPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`invalid SSH port ${String(port)}`);
}

export function assertSafeRemote(r: RemoteAddress): void {
  assertSafeUser(r.user);
  assertSafeHost(r.host);
  assertPort(r.port);
}

/** The host `init` proposes (init-propose.ts): never a real server (example.org is reserved). */
export const INIT_PLACEHOLDER_HOST = 'your-server.example.org';

/** Parse `user@host` / `user@[v6]` into user and bare host; init's placeholder host is refused. */
export function parseUserHost(target: string, port: number): RemoteAddress {
  const at = target.lastIndexOf('@');
  if (at <= 0) throw new UserError(`SSH target must be user@host, got ${JSON.stringify(target)}`);
  const user = target.slice(0, at);
  let host = target.slice(at + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const remote = { user, host, port };
  assertSafeRemote(remote);
  if (host === INIT_PLACEHOLDER_HOST)
    throw new UserError(
      `${host} is the placeholder \`gitops-deploy init\` wrote: set the target's host (user@host of your server) in the config before connecting`,
    );
  return remote;
}

/** `user@host` for the ssh command line (ssh wants IPv6 without brackets). */
export function sshDestination(r: RemoteAddress): string {
  assertSafeRemote(r);
  return `${r.user}@${r.host}`;
}

export interface SshOptionsInput {
  /** IdentityFile: the public half of the key (the private half is served by the agent) */
  keyPath: string;
  port: number;
  knownHostsPath: string;
  /** directory for the ControlMaster socket (must be private, e.g. the mkdtemp key dir) */
  controlDir: string;
  /** seconds the master stays up after its last client (default 60) */
  controlPersist?: number;
  /** the private ssh-agent's socket (IdentityAgent) holding the key */
  agentSocket?: string;
}

function assertPlainPath(label: string, p: string): void {
  // UserKnownHostsFile is a whitespace-separated list and ssh splits -o values on spaces.
  if (!p.startsWith('/') || /\s/.test(p) || CONTROL_CHARS.test(p)) {
    throw new Error(`${label} must be an absolute path without whitespace: ${JSON.stringify(p)}`);
  }
}

/**
 * OpenSSH client options (argv form) matching the ssh2 connection's policy: only our key (served by
 * our private agent), strict host key checking against our known_hosts only, keepalives so a cut
 * network fails in ~15 s, and one shared ControlMaster per run, its socket checked against the
 * unix socket path limit.
 */
export function buildSshOptions(o: SshOptionsInput): string[] {
  assertPlainPath('key path', o.keyPath);
  assertPlainPath('known_hosts path', o.knownHostsPath);
  assertPlainPath('control dir', o.controlDir);
  assertControlDir(o.controlDir);
  if (o.agentSocket !== undefined) assertPlainPath('agent socket', o.agentSocket);
  assertPort(o.port);
  const opt = (kv: string): string[] => ['-o', kv];
  return [
    '-i',
    o.keyPath,
    '-p',
    String(o.port),
    ...opt('IdentitiesOnly=yes'),
    ...opt('BatchMode=yes'),
    ...opt('StrictHostKeyChecking=yes'),
    ...opt(`UserKnownHostsFile=${o.knownHostsPath}`),
    ...opt('GlobalKnownHostsFile=/dev/null'),
    ...opt('UpdateHostKeys=no'),
    ...opt('ServerAliveInterval=5'),
    ...opt('ServerAliveCountMax=2'),
    ...opt('ConnectTimeout=10'),
    ...opt('ControlMaster=auto'),
    ...opt(`ControlPath=${o.controlDir}/${CONTROL_SOCKET_NAME}`),
    ...opt(`ControlPersist=${o.controlPersist ?? 60}`),
    ...(o.agentSocket !== undefined ? opt(`IdentityAgent=${o.agentSocket}`) : []),
  ];
}

/** `user@host:port` for names and logs (`user@[::1]:22` for IPv6). */
export function displayRemote(r: RemoteAddress): string {
  return `${r.user}@${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}`;
}
