import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { assertPrivateKey, normalizePrivateKey, writePrivateKey } from '../../src/transport/private-key.js';
import { rejectionMessage, thrownMessage } from './helpers/errors.js';

const FAKE = '-----BEGIN OPENSSH PRIVATE KEY-----\r\nAAAA\r\nBBBB\r\n-----END OPENSSH PRIVATE KEY-----';
const pair = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
/** A real (PEM) private key with CRLF line ends, as pasted into a secret. */
const KEY = pair.privateKey.replace(/\n/g, '\r\n');
/** `ssh-ed25519 AAAA…`: what a user pastes when they mix up id_ed25519 and id_ed25519.pub */
function openSshPublicKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} me@laptop`;
}
const keyDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('gitops-ssh-'));

describe('private key files', () => {
  it('normalizes CRLF and the trailing newline', () => {
    expect(normalizePrivateKey(`\n${FAKE}\r\n\r\n`)).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\nBBBB\n-----END OPENSSH PRIVATE KEY-----\n',
    );
  });

  it('an empty key is a user error', () => {
    expect(thrownMessage(() => normalizePrivateKey(' \r\n'), UserError)).toMatch(/empty/);
  });

  it.each<[string, string, RegExp]>([
    ['garbage', 'not a key at all', /cannot be used: Unsupported key format/],
    ['a truncated key', FAKE, /cannot be used/],
    ['a public key', openSshPublicKey(), /is a public key/],
  ])('%s is a user error raised before any file is written', async (_name, key, message) => {
    expect(thrownMessage(() => assertPrivateKey(normalizePrivateKey(key)), UserError)).toMatch(message);
    const before = keyDirs();
    expect(await rejectionMessage(writePrivateKey(key), UserError)).toMatch(message);
    expect(keyDirs()).toEqual(before);
  });

  it('the error message never echoes the key', () => {
    expect(thrownMessage(() => assertPrivateKey(FAKE), UserError)).not.toContain('AAAA');
  });

  it('writes a 0600 key into a 0700 temp dir without whitespace; cleanup removes it', async () => {
    const files = await writePrivateKey(KEY);
    try {
      expect(files.dir).not.toMatch(/\s/);
      expect((await stat(files.dir)).mode & 0o777).toBe(0o700);
      expect((await stat(files.keyPath)).mode & 0o777).toBe(0o600);
      expect(await readFile(files.keyPath, 'utf8')).toBe(normalizePrivateKey(KEY));
      // known_hosts is written only after host key verification (connectHost)
      expect(files.knownHostsPath).toBeUndefined();
      // room for the ControlMaster socket `<dir>/cm-<40 hex>` within the unix socket limit
      expect(files.dir.length + 44).toBeLessThan(104);
    } finally {
      await files.cleanup();
      await files.cleanup();
    }
    expect(existsSync(files.dir)).toBe(false);
  });
});
