import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { normalizePrivateKey, writePrivateKey } from '../../src/transport/private-key.js';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\r\nAAAA\r\nBBBB\r\n-----END OPENSSH PRIVATE KEY-----';

describe('private key files', () => {
  it('normalizes CRLF and the trailing newline', () => {
    expect(normalizePrivateKey(`\n${KEY}\r\n\r\n`)).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\nBBBB\n-----END OPENSSH PRIVATE KEY-----\n',
    );
    expect(() => normalizePrivateKey(' \r\n')).toThrow(/empty/);
  });

  it('writes 0600 key (+ known_hosts) into a 0700 temp dir without whitespace; cleanup removes it', async () => {
    const files = await writePrivateKey(KEY, '[h]:2 ssh-ed25519 AAAA');
    try {
      expect(files.dir).not.toMatch(/\s/);
      expect((await stat(files.dir)).mode & 0o777).toBe(0o700);
      expect((await stat(files.keyPath)).mode & 0o777).toBe(0o600);
      expect(await readFile(files.keyPath, 'utf8')).toBe(normalizePrivateKey(KEY));
      expect(files.knownHostsPath).toBeDefined();
      expect(await readFile(files.knownHostsPath ?? '', 'utf8')).toBe('[h]:2 ssh-ed25519 AAAA\n');
      expect(((await stat(files.knownHostsPath ?? '')).mode & 0o777)).toBe(0o600);
      // room for the ControlMaster socket `<dir>/cm-<40 hex>` within the unix socket limit
      expect(files.dir.length + 44).toBeLessThan(104);
    } finally {
      await files.cleanup();
      await files.cleanup();
    }
    expect(existsSync(files.dir)).toBe(false);
  });

  it('writes no known_hosts when none is given', async () => {
    const files = await writePrivateKey(KEY);
    expect(files.knownHostsPath).toBeUndefined();
    await files.cleanup();
  });
});
