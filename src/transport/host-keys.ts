/**
 * Host key verification for SSH connections: known_hosts parsing (plain, `[host]:port`, hashed
 * `|1|salt|hash`, wildcards, negation, @revoked) and SHA256 fingerprints. There is no TOFU and no
 * keyscan: a key is accepted only when it matches what the user supplied out-of-band.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { UserError } from '../core/errors.js';

export interface KnownHostEntry {
  /** `@revoked` / `@cert-authority` marker, when present */
  marker?: 'revoked' | 'cert-authority';
  /** the host field as written: comma-separated patterns, or one hashed `|1|salt|hash` */
  hosts: string;
  keyType: string;
  /** the decoded public key blob (what the server sends during key exchange) */
  key: Buffer;
  /** 1-based line number, for messages */
  line: number;
}

/**
 * The server's key failed verification at connect time (mismatch, @revoked): not a config typo, so
 * it stays a plain failure (exit 1). Missing or unusable trust anchors are UserErrors (exit 2).
 */
export class HostKeyVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostKeyVerificationError';
  }
}

export const HOST_KEY_REQUIRED =
  'host key verification is required: set known-hosts (ssh-keyscan output checked out-of-band) or host-fingerprint';

/** The ssh-keyscan command for a host: an IPv6 literal bare (ssh-keyscan looks `[::1]` up as a name and fails). */
export const keyscanCommand = (host: string, port: number): string => `ssh-keyscan -p ${port} ${host.replace(/^\[(.*)\]$/, '$1')}`;

/** How to get the host's key without trusting it on first use (the message of a missing one). */
export function howToScan(host: string, port: number): string {
  return (
    `To get it: ${keyscanCommand(host, port)} > known_hosts.scan, compare its fingerprint (ssh-keygen -lf known_hosts.scan) ` +
    `with the one the server shows on its own console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then pass ` +
    `--known-hosts known_hosts.scan (in the workflows: the DEPLOY_KNOWN_HOSTS variable); docs/prepare-server.md`
  );
}

/** Parse known_hosts text. Malformed lines are skipped (OpenSSH does the same). */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    if (blobKeyType(key) !== keyType) return;
    entries.push({ ...(marker ? { marker } : {}), hosts, keyType, key, line: i + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up in known_hosts: `host` for port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** Human form used in messages: `127.0.0.1:2222`, `[::1]:22`. */
export function displayHost(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Does this entry's host field match host:port? */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (entry.hosts.startsWith('|1|')) return hashedMatches(entry.hosts, name);
  let positive = false;
  for (const pattern of entry.hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** All entries (including @revoked) that apply to host:port. */
export function findHostKeys(entries: KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  return entries.filter((e) => entryMatches(e, host, port));
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function globMatches(pattern: string, name: string): boolean {
  const re = pattern
    .toLowerCase()
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`).test(name);
}

/** `SHA256:<base64 without padding>` as printed by `ssh-keygen -lf`. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Extract SHA256 fingerprints from user input (a bare value, or whole `ssh-keygen -lf` lines). */
export function parseFingerprints(text: string): string[] {
  const found = [...text.matchAll(/SHA256:([A-Za-z0-9+/]+)=*/g)].map((m) => `SHA256:${m[1]}`);
  if (found.length === 0) {
    throw new UserError(
      'host-fingerprint must be a SHA256 fingerprint as printed by `ssh-keygen -lf`, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
    );
  }
  return found;
}

/** The key type string at the start of an SSH public key blob (`ssh-ed25519`, ...). */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** A known_hosts line for a key that was verified (e.g. against a fingerprint). */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  const type = blobKeyType(blob);
  if (!type) throw new HostKeyVerificationError('malformed host key blob');
  return `${knownHostsName(host, port)} ${type} ${blob.toString('base64')}`;
}

/** What ssh2 can negotiate, in its preference order; RSA keys are used with SHA-2 signatures. */
const SSH2_HOST_KEY_ALGOS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
  'ssh-dss',
];

function algorithmsFor(keyTypes: Set<string>): string[] {
  return SSH2_HOST_KEY_ALGOS.filter((a) => keyTypes.has(a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a));
}

export interface HostKeyCheckOptions {
  host: string;
  port: number;
  knownHosts?: string;
  fingerprint?: string;
}

export interface HostKeyCheck {
  /** synchronous ssh2 `hostVerifier`; with `hostHash` unset ssh2 passes the raw key blob */
  readonly verify: (key: Buffer) => boolean;
  /** host key algorithms to offer (the types known_hosts has for this host), if known */
  readonly algorithms?: string[];
  /** the blob verify() accepted */
  accepted?: Buffer;
  /** why verify() refused */
  failure?: string;
}

/**
 * Build the verifier for one host. Throws UserError before any connection when no trust anchor is
 * configured, the fingerprint is malformed or known_hosts has nothing usable for this host. When both
 * known_hosts and a fingerprint are given, the key must satisfy both.
 */
export function createHostKeyCheck(opts: HostKeyCheckOptions): HostKeyCheck {
  const where = displayHost(opts.host, opts.port);
  const knownText = opts.knownHosts?.trim() ? opts.knownHosts : undefined;
  const fpText = opts.fingerprint?.trim() ? opts.fingerprint : undefined;
  if (!knownText && !fpText) throw new UserError(`${HOST_KEY_REQUIRED}. ${howToScan(opts.host, opts.port)}`);
  const fingerprints = fpText ? parseFingerprints(fpText) : undefined;
  let trusted: KnownHostEntry[] | undefined;
  let revoked: KnownHostEntry[] = [];
  if (knownText) {
    const matching = findHostKeys(parseKnownHosts(knownText), opts.host, opts.port);
    revoked = matching.filter((e) => e.marker === 'revoked');
    trusted = matching.filter((e) => !e.marker);
    if (trusted.length === 0) {
      throw new UserError(
        `known-hosts has no key for ${where} (looked up as ${knownHostsName(opts.host, opts.port)}); ${HOST_KEY_REQUIRED}. ${howToScan(opts.host, opts.port)}`,
      );
    }
  }
  const algorithms = trusted ? algorithmsFor(new Set(trusted.map((e) => e.keyType))) : undefined;
  if (algorithms && algorithms.length === 0) {
    throw new UserError(`known-hosts keys for ${where} use key types this client cannot verify`);
  }
  const check: HostKeyCheck = {
    ...(algorithms ? { algorithms } : {}),
    verify: (key: Buffer): boolean => {
      const got = `${fingerprintSha256(key)} ${blobKeyType(key) ?? '?'}`;
      const fail = (msg: string): boolean => {
        check.failure = `${msg} (server presented ${got})`;
        return false;
      };
      if (revoked.some((e) => e.key.equals(key))) return fail(`host key for ${where} is marked @revoked in known-hosts`);
      if (trusted && !trusted.some((e) => e.key.equals(key))) return fail(`host key for ${where} does not match known-hosts`);
      if (fingerprints && !fingerprints.includes(fingerprintSha256(key))) {
        return fail(`host key for ${where} does not match host-fingerprint`);
      }
      check.accepted = Buffer.from(key);
      return true;
    },
  };
  return check;
}
