import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { assertPrivateKey, normalizePrivateKey, parsePrivateKey, writePublicKeyFile } from '../../src/transport/private-key.js';
import { thrownMessage } from './helpers/errors.js';
import { withTools } from './helpers/tools.js';

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
/** Runs ssh-keygen in a scratch dir (the test's own key files, not the code under test's). */
function withKeygen<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gd-keygen-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/** An OpenSSH-format ed25519 private key made by ssh-keygen. */
const opensshKey = (): string =>
  withKeygen((dir) => {
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/k`]);
    return readFileSync(`${dir}/k`, 'utf8');
  });
/** `ssh-keygen -y`: the public half OpenSSH derives from a private key. */
const keygenPublic = (privateKey: string): string =>
  withKeygen((dir) => {
    writeFileSync(`${dir}/k`, privateKey, { mode: 0o600 });
    const r = spawnSync('ssh-keygen', ['-y', '-f', `${dir}/k`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout.trim().split(' ').slice(0, 2).join(' ');
  });
const KEYGEN = withTools('keys made and read by ssh-keygen', 'ssh-keygen');
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
    expect(thrownMessage(() => parsePrivateKey(key), UserError)).toMatch(message);
    expect(keyDirs()).toEqual(before);
  });

  // first-hour mistakes: the message says what to do
  it('a file name instead of the key text (GITOPS_SSH_KEY=deploy_key) says to pass the text, without echoing the value', () => {
    const m = thrownMessage(() => parsePrivateKey('/home/me/.ssh/deploy_key'), UserError);
    expect(m).toContain('pass the key\'s text, not its file name: GITOPS_SSH_KEY="$(cat deploy_key)" or --ssh-key deploy_key');
    expect(m).not.toContain('/home/me');
  });

  it.runIf(KEYGEN)('a key with a passphrase says how to get one without', () => {
    const key = withKeygen((dir) => {
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', `${dir}/k`]);
      return readFileSync(`${dir}/k`, 'utf8');
    });
    expect(thrownMessage(() => parsePrivateKey(key), UserError)).toMatch(
      /no passphrase given.*A deploy cannot type a passphrase: use a deploy key without one \(ssh-keygen -t ed25519 -N '' -f deploy_key\)/,
    );
  });

  it('the error message never echoes the key', () => {
    expect(thrownMessage(() => assertPrivateKey(FAKE), UserError)).not.toContain('AAAA');
  });

  // The old writePrivateKey wrote the private key (0600) into the temp dir for the whole run
  // (issue #15); only the public half is written now, the private key stays in memory.
  it.runIf(KEYGEN).each<[string, string]>([
    ['a PEM RSA key with CRLF', KEY],
    ['an OpenSSH ed25519 key', KEYGEN ? opensshKey() : ''],
  ])('derives the public half of %s, as ssh-keygen -y does, and writes only that', async (_name, key) => {
    const parsed = parsePrivateKey(key);
    expect(parsed.text).toBe(normalizePrivateKey(key));
    const dir = await mkdtemp(join(tmpdir(), 'gd-pubkey-'));
    try {
      const path = await writePublicKeyFile(dir, parsed);
      expect(await readdir(dir)).toEqual(['id_key.pub']);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const written = await readFile(path, 'utf8');
      expect(written).not.toContain('PRIVATE');
      expect(written.trim()).toBe(keygenPublic(parsed.text));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
