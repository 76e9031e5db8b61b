/** Private key + known_hosts files for the OpenSSH client (rsync -e ssh), in a private temp dir. */
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { UserError } from '../core/errors.js';

export interface KeyFiles {
  /** private (0700) temp dir; also holds the ControlMaster socket */
  dir: string;
  /** the private key, 0600 */
  keyPath: string;
  /** known_hosts for the ssh client, once written (from the verified host key) */
  knownHostsPath?: string;
  /** remove the dir (idempotent) */
  cleanup(): Promise<void>;
}

/** CRLF → LF, no surrounding blank lines, exactly one trailing newline (OpenSSH is picky). */
export function normalizePrivateKey(key: string): string {
  const text = key.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new UserError('SSH private key is empty');
  return `${text}\n`;
}

/**
 * Refuse a key ssh2 cannot use (garbage, a public key, a passphrase-protected key) before any
 * connection. The message never echoes the key.
 */
export function assertPrivateKey(key: string): void {
  let parsed = ssh2.utils.parseKey(key);
  if (Array.isArray(parsed)) parsed = parsed[0] ?? new Error('no key found');
  if (parsed instanceof Error) {
    throw new UserError(`SSH private key cannot be used: ${parsed.message} (expected an unencrypted OpenSSH or PEM private key)`);
  }
  if (!parsed.isPrivateKey()) throw new UserError('SSH private key is a public key: pass the private key instead');
}

/** Write a file that must not be readable by others; fails if it already exists. */
export async function writeSecretFile(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
}

/** Write known_hosts text into the key dir and return its path. */
export async function writeKnownHostsFile(dir: string, text: string): Promise<string> {
  const path = join(dir, 'known_hosts');
  await writeSecretFile(path, text.endsWith('\n') ? text : `${text}\n`);
  return path;
}

/** A unix socket path is limited to ~104 bytes: keep `<dir>/cm-<40 hex>` well under it. */
function tempBase(): string {
  const base = tmpdir();
  return base.length <= 40 && !/\s/.test(base) ? base : '/tmp';
}

/**
 * Validate the key and write it into a fresh mkdtemp dir (known_hosts is added after host key
 * verification). The dir path must not contain whitespace: ssh splits UserKnownHostsFile/ControlPath
 * values on it.
 */
export async function writePrivateKey(key: string): Promise<KeyFiles> {
  const normalized = normalizePrivateKey(key);
  assertPrivateKey(normalized);
  const dir = await mkdtemp(join(tempBase(), 'gitops-ssh-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    if (/\s/.test(dir)) throw new Error(`temp dir path contains whitespace (set TMPDIR): ${dir}`);
    await chmod(dir, 0o700);
    const keyPath = join(dir, 'id_key');
    await writeSecretFile(keyPath, normalized);
    return { dir, keyPath, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
