import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRsyncArgs } from '../../src/sync/rsync.js';
import { withTools } from './helpers/tools.js';

const hasRsync = withTools('rsync splitting the -e string', 'rsync');

describe.skipIf(!hasRsync)('real rsync splits our -e string back into the exact ssh argv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsh-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('preserves spaces, quotes, backslashes, unicode and empty args', () => {
    const fake = join(dir, 'fake ssh');
    const out = join(dir, 'argv.out');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\0' "$@" > '${out}'\nexit 1\n`);
    chmodSync(fake, 0o755);
    mkdirSync(join(dir, 'src'));
    const sshArgs = ['-i', '/tmp/a b/key', '-o', `X=it's "q"`, '-o', 'Y=back\\slash', '-o', 'Z=ünï ✓', '', '-p', '2222'];
    const args = buildRsyncArgs({
      source: join(dir, 'src'),
      dest: '/dest with space',
      remote: { user: 'root', host: '::1', port: 2222 },
      sshArgs,
      sshCommand: fake,
    });
    const r = spawnSync('rsync', args, { encoding: 'utf8' });
    expect(r.status).not.toBe(0); // the fake ssh exits 1
    const argv = readFileSync(out, 'utf8').split('\0').slice(0, -1);
    expect(argv.slice(0, sshArgs.length)).toEqual(sshArgs);
    // rsync adds the login and the bare IPv6 host after our options
    expect(argv.slice(sshArgs.length, sshArgs.length + 3)).toEqual(['-l', 'root', '::1']);
    // secluded args: the remote path is not on the remote command line
    expect(argv.join(' ')).not.toContain('dest with space');
  });
});
