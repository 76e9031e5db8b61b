/** Private key + known_hosts files for the OpenSSH client (rsync -e ssh), in a private temp dir. */
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyFiles {
  /** private (0700) temp dir; also holds the ControlMaster socket */
  dir: string;
  /** the private key, 0600 */
  keyPath: string;
  /** known_hosts for the ssh client, when written */
  knownHostsPath?: string;
  /** remove the dir (idempotent) */
  cleanup(): Promise<void>;
}

/** CRLF → LF, no surrounding blank lines, exactly one trailing newline (OpenSSH is picky). */
export function normalizePrivateKey(key: string): string {
  const text = key.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new Error('SSH private key is empty');
  return `${text}\n`;
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
 * Write the key (and optionally known_hosts) into a fresh mkdtemp dir. The dir path must not
 * contain whitespace: ssh splits UserKnownHostsFile/ControlPath values on it.
 */
export async function writePrivateKey(key: string, knownHosts?: string): Promise<KeyFiles> {
  const normalized = normalizePrivateKey(key);
  const dir = await mkdtemp(join(tempBase(), 'gitops-ssh-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    if (/\s/.test(dir)) throw new Error(`temp dir path contains whitespace (set TMPDIR): ${dir}`);
    await chmod(dir, 0o700);
    const keyPath = join(dir, 'id_key');
    await writeSecretFile(keyPath, normalized);
    const files: KeyFiles = { dir, keyPath, cleanup };
    if (knownHosts?.trim()) files.knownHostsPath = await writeKnownHostsFile(dir, knownHosts);
    return files;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
