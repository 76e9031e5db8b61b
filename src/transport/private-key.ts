/**
 * The private key, checked and kept in memory (ssh2 takes it as text, the OpenSSH client gets it
 * through a private ssh-agent), and the non-secret files of the run directory: the key's public
 * half (ssh's identity, matched against the agent) and known_hosts.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { UserError } from '../core/errors.js';

/** CRLF → LF, no surrounding blank lines, exactly one trailing newline (OpenSSH is picky). */
export function normalizePrivateKey(key: string): string {
  const text = key.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new UserError('SSH private key is empty');
  return `${text}\n`;
}

/** What to do about a key ssh2 refused: the first-hour mistakes (a passphrase, a file name for the text). */
function keyFix(key: string, reason: string): string {
  if (/passphrase/i.test(reason))
    return ". A deploy cannot type a passphrase: use a deploy key without one (ssh-keygen -t ed25519 -N '' -f deploy_key), or remove it from a copy of this key (ssh-keygen -p -N '' -f COPY)";
  if (!key.trim().includes('\n') && !key.includes('-----BEGIN'))
    return '. It is one line with no "-----BEGIN" header: pass the key\'s text, not its file name: GITOPS_SSH_KEY="$(cat deploy_key)" or --ssh-key deploy_key';
  return '';
}

/**
 * Refuse a key ssh2 cannot use (garbage, a public key, a passphrase-protected key) before any
 * connection. The message never echoes the key.
 */
export function assertPrivateKey(key: string): ParsedKey {
  let parsed = ssh2.utils.parseKey(key);
  if (Array.isArray(parsed)) parsed = parsed[0] ?? new Error('no key found');
  if (parsed instanceof Error) {
    throw new UserError(
      `SSH private key cannot be used: ${parsed.message} (expected an unencrypted OpenSSH or PEM private key)${keyFix(key, parsed.message)}`,
    );
  }
  if (!parsed.isPrivateKey()) throw new UserError('SSH private key is a public key: pass the private key instead');
  return parsed;
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

/** A usable private key: normalized text (memory only) and its public half as an OpenSSH line. */
export interface PrivateKey {
  text: string;
  publicLine: string;
}

/** Normalize and validate the key (UserError before any connection or file), derive its public half. */
export function parsePrivateKey(key: string): PrivateKey {
  const text = normalizePrivateKey(key);
  const k = assertPrivateKey(text);
  return { text, publicLine: `${k.type} ${k.getPublicSSH().toString('base64')}` };
}

/** Write the key's public half (OpenSSH's IdentityFile: the private half is in the agent). */
export async function writePublicKeyFile(dir: string, key: PrivateKey): Promise<string> {
  const path = join(dir, 'id_key.pub');
  await writeSecretFile(path, `${key.publicLine}\n`);
  return path;
}
