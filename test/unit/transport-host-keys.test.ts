import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import {
  HOST_KEY_REQUIRED,
  HostKeyVerificationError,
  blobKeyType,
  createHostKeyCheck,
  findHostKeys,
  fingerprintSha256,
  knownHostsLine,
  parseFingerprints,
  parseKnownHosts,
} from '../../src/transport/host-keys.js';
import { thrownMessage } from './helpers/errors.js';
import { withTools } from './helpers/tools.js';

function sshString(b: Buffer | string): Buffer {
  const body = Buffer.isBuffer(b) ? b : Buffer.from(b);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** An ssh-ed25519 public key blob, as a server sends it. */
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return Buffer.concat([sshString('ssh-ed25519'), sshString(raw)]);
}

function rsaLikeBlob(): Buffer {
  return Buffer.concat([sshString('ssh-rsa'), sshString(Buffer.from([1, 0, 1])), sshString(randomBytes(64))]);
}

const b64 = (b: Buffer): string => b.toString('base64');
const hasKeygen = withTools('known_hosts entries made by ssh-keygen', 'ssh-keygen');

describe('parseKnownHosts / findHostKeys', () => {
  const k1 = ed25519Blob();
  const k2 = ed25519Blob();
  const k3 = rsaLikeBlob();

  it('parses plain, [host]:port, comments, markers and skips malformed lines', () => {
    const text = [
      '# comment',
      '',
      `example.com,10.0.0.1 ssh-ed25519 ${b64(k1)} user@box`,
      `[127.0.0.1]:2222 ssh-ed25519 ${b64(k2)}`,
      `@revoked * ssh-rsa ${b64(k3)}`,
      `@cert-authority *.corp ssh-ed25519 ${b64(k1)}`,
      'garbage line',
      `bad.example ssh-ed25519 !!!notbase64`,
      `mismatch.example ssh-rsa ${b64(k1)}`,
    ].join('\r\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => [e.hosts, e.marker, e.line])).toEqual([
      ['example.com,10.0.0.1', undefined, 3],
      ['[127.0.0.1]:2222', undefined, 4],
      ['*', 'revoked', 5],
      ['*.corp', 'cert-authority', 6],
    ]);
    expect(entries[0]?.key.equals(k1)).toBe(true);
    expect(findHostKeys(entries, '10.0.0.1', 22).map((e) => e.line)).toEqual([3, 5]);
    expect(findHostKeys(entries, 'EXAMPLE.com', 22).map((e) => e.line)).toEqual([3, 5]);
    expect(findHostKeys(entries, '127.0.0.1', 2222).map((e) => e.line)).toEqual([4, 5]);
    // port 22 looks up the bare name; a non-22 port needs [host]:port
    expect(findHostKeys(entries, '127.0.0.1', 22).map((e) => e.line)).toEqual([5]);
    expect(findHostKeys(entries, 'example.com', 2222).map((e) => e.line)).toEqual([5]);
  });

  it('supports several keys per host, wildcards and negation', () => {
    const text = [
      `*.example.com,!bad.example.com ssh-ed25519 ${b64(k1)}`,
      `web?.example.com ssh-rsa ${b64(k3)}`,
      `[h]:2200 ssh-ed25519 ${b64(k2)}`,
      `[h]:2200 ssh-rsa ${b64(k3)}`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(findHostKeys(entries, 'web1.example.com', 22).map((e) => e.line)).toEqual([1, 2]);
    expect(findHostKeys(entries, 'bad.example.com', 22)).toEqual([]);
    expect(findHostKeys(entries, 'h', 2200).map((e) => e.keyType)).toEqual(['ssh-ed25519', 'ssh-rsa']);
    expect(findHostKeys(entries, 'h', 2201)).toEqual([]);
  });

  it('matches hashed |1|salt|hash entries (HMAC-SHA1 of the lookup name)', () => {
    const salt = randomBytes(20);
    const hash = (name: string): string => createHmac('sha1', salt).update(name).digest('base64');
    const text = `|1|${b64(salt)}|${hash('[127.0.0.1]:2222')} ssh-ed25519 ${b64(k1)}\n|1|${b64(salt)}|${hash('host.example')} ssh-ed25519 ${b64(k2)}\n`;
    const entries = parseKnownHosts(text);
    expect(findHostKeys(entries, '127.0.0.1', 2222).map((e) => e.line)).toEqual([1]);
    expect(findHostKeys(entries, 'host.example', 22).map((e) => e.line)).toEqual([2]);
    expect(findHostKeys(entries, '127.0.0.1', 2223)).toEqual([]);
  });

  it.skipIf(!hasKeygen)('matches entries hashed by ssh-keygen -H', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-'));
    try {
      const file = join(dir, 'known_hosts');
      writeFileSync(
        file,
        `[10.1.2.3]:2222 ssh-ed25519 ${b64(k1)}\nfoo.example ssh-ed25519 ${b64(k2)}\n[2001:db8::1]:2222 ssh-rsa ${b64(k3)}\n`,
      );
      expect(spawnSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' }).status).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^\|1\|/);
      const entries = parseKnownHosts(text);
      expect(findHostKeys(entries, '10.1.2.3', 2222)[0]?.key.equals(k1)).toBe(true);
      expect(findHostKeys(entries, 'foo.example', 22)[0]?.key.equals(k2)).toBe(true);
      expect(findHostKeys(entries, 'foo.example', 2222)).toEqual([]);
      // an IPv6 host as OpenSSH writes it for a non-22 port: [addr]:port, hashed as such
      expect(findHostKeys(entries, '2001:db8::1', 2222)[0]?.key.equals(k3)).toBe(true);
      expect(findHostKeys(entries, '2001:DB8::1', 2222)[0]?.key.equals(k3)).toBe(true);
      expect(findHostKeys(entries, '2001:db8::1', 22)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fingerprints', () => {
  it.skipIf(!hasKeygen)('fingerprintSha256 equals ssh-keygen -lf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-'));
    try {
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
      const pub = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ');
      const printed = spawnSync('ssh-keygen', ['-lf', join(dir, 'k.pub')], { encoding: 'utf8' }).stdout;
      const blob = Buffer.from(pub[1] ?? '', 'base64');
      expect(printed).toContain(fingerprintSha256(blob));
      expect(parseFingerprints(printed)).toEqual([fingerprintSha256(blob)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses bare, padded and multiple fingerprints; rejects other formats', () => {
    expect(parseFingerprints('SHA256:abc+/9')).toEqual(['SHA256:abc+/9']);
    expect(parseFingerprints('SHA256:abc= , SHA256:def')).toEqual(['SHA256:abc', 'SHA256:def']);
    expect(thrownMessage(() => parseFingerprints('MD5:aa:bb'), UserError)).toMatch(/SHA256 fingerprint/);
  });

  it('blobKeyType and knownHostsLine', () => {
    const k = ed25519Blob();
    expect(blobKeyType(k)).toBe('ssh-ed25519');
    expect(blobKeyType(Buffer.from([0, 0]))).toBeUndefined();
    expect(knownHostsLine('127.0.0.1', 2222, k)).toBe(`[127.0.0.1]:2222 ssh-ed25519 ${b64(k)}`);
    expect(knownHostsLine('Example.COM', 22, k)).toBe(`example.com ssh-ed25519 ${b64(k)}`);
  });
});

describe('createHostKeyCheck', () => {
  const good = ed25519Blob();
  const bad = ed25519Blob();
  const known = `[127.0.0.1]:2222 ssh-ed25519 ${b64(good)}\n`;

  // Configuration problems are the user's (exit 2, no stack), raised before any connection.
  it.each<[string, Parameters<typeof createHostKeyCheck>[0], string | RegExp]>([
    ['no known_hosts or fingerprint', { host: '127.0.0.1', port: 2222 }, HOST_KEY_REQUIRED],
    ['blank known_hosts and fingerprint', { host: '127.0.0.1', port: 2222, knownHosts: ' \n', fingerprint: '' }, HOST_KEY_REQUIRED],
    [
      'known_hosts without a key for the host',
      { host: '127.0.0.1', port: 22, knownHosts: known },
      /known-hosts has no key for 127.0.0.1:22/,
    ],
    ['a malformed fingerprint', { host: 'h', port: 22, fingerprint: 'MD5:aa:bb:cc' }, /must be a SHA256 fingerprint/],
    [
      'a malformed fingerprint next to valid known_hosts',
      { host: '127.0.0.1', port: 2222, knownHosts: known, fingerprint: 'nope' },
      /SHA256/,
    ],
    [
      'known_hosts with only unverifiable key types',
      { host: 'h', port: 22, knownHosts: `h ssh-xyz ${b64(Buffer.concat([sshString('ssh-xyz'), sshString('k')]))}` },
      /cannot verify/,
    ],
  ])('refuses %s with a UserError', (_name, opts, message) => {
    if (!opts.fingerprint?.trim() && !/ssh-xyz/.test(opts.knownHosts ?? ''))
      expect(thrownMessage(() => createHostKeyCheck(opts), UserError)).toContain(
        `To get it: ssh-keyscan -p ${opts.port} ${opts.host} > known_hosts.scan, compare its fingerprint`,
      );
    const msg = thrownMessage(() => createHostKeyCheck(opts), UserError);
    expect(msg).toMatch(message);
  });

  it('a host key mismatch is not a user error (HostKeyVerificationError stays a plain failure)', () => {
    expect(new HostKeyVerificationError('x')).not.toBeInstanceOf(UserError);
  });

  it('accepts the known key, refuses another one with a clear message', () => {
    const check = createHostKeyCheck({ host: '127.0.0.1', port: 2222, knownHosts: known });
    expect(check.algorithms).toEqual(['ssh-ed25519']);
    expect(check.verify(bad)).toBe(false);
    expect(check.failure).toMatch(/^host key for 127\.0\.0\.1:2222 does not match known-hosts/);
    expect(check.accepted).toBeUndefined();
    expect(check.verify(good)).toBe(true);
    expect(check.accepted?.equals(good)).toBe(true);
  });

  it('offers RSA with SHA-2 signatures when known_hosts has an RSA key', () => {
    const check = createHostKeyCheck({ host: 'h', port: 22, knownHosts: `h ssh-rsa ${b64(rsaLikeBlob())}` });
    expect(check.algorithms).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });

  it('verifies by fingerprint; both sources must agree when both are given', () => {
    const fp = createHostKeyCheck({ host: '::1', port: 22, fingerprint: `256 ${fingerprintSha256(good)} x (ED25519)` });
    expect(fp.algorithms).toBeUndefined();
    expect(fp.verify(bad)).toBe(false);
    expect(fp.failure).toMatch(/^host key for \[::1\]:22 does not match host-fingerprint/);
    expect(fp.verify(good)).toBe(true);
    const both = createHostKeyCheck({ host: '127.0.0.1', port: 2222, knownHosts: known, fingerprint: fingerprintSha256(bad) });
    expect(both.verify(good)).toBe(false);
  });

  it('refuses @revoked keys even when listed as trusted', () => {
    const text = `${known}@revoked * ssh-ed25519 ${b64(good)}\n`;
    const check = createHostKeyCheck({ host: '127.0.0.1', port: 2222, knownHosts: text });
    expect(check.verify(good)).toBe(false);
    expect(check.failure).toMatch(/revoked/);
  });
});
