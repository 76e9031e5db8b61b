/** Issue #14 (SSH): the ControlMaster socket path must fit in sun_path whatever TMPDIR is. */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { createRunDir, tempBaseCandidates } from '../../src/transport/run-dir.js';
import {
  assertControlDir,
  controlSocketBytes,
  maxTempBaseBytes,
  RUN_DIR_PREFIX,
  sunPathLimit,
  tempBaseProblem,
  usableTempBases,
} from '../../src/transport/socket-path.js';
import { buildSshOptions } from '../../src/transport/ssh-options.js';
import { rejectionMessage, thrownMessage } from './helpers/errors.js';

/** What ssh binds first: the %C expansion (40 hex) plus `.` and 16 random characters. */
const boundPath = (dir: string): string => `${dir}/cm-${'f'.repeat(40)}.${'r'.repeat(16)}`;

describe('control socket path arithmetic', () => {
  it('counts the temporary name ssh binds before renaming, and the NUL', () => {
    const dir = '/tmp/gitops-ssh-abcdef';
    expect(controlSocketBytes(dir)).toBe(Buffer.byteLength(boundPath(dir)) + 1);
  });

  it.each([
    ['linux', 108, 28],
    ['darwin', 104, 24],
    ['freebsd', 104, 24],
  ] as const)('%s: sun_path is %i bytes, a temp base may have %i', (platform, limit, max) => {
    expect(sunPathLimit(platform)).toBe(limit);
    expect(maxTempBaseBytes(limit)).toBe(max);
    const base = `/${'b'.repeat(max - 1)}`;
    const dir = `${base}/${RUN_DIR_PREFIX}XXXXXX`;
    expect(Buffer.byteLength(boundPath(dir)) + 1).toBe(limit);
    expect(tempBaseProblem(base, limit)).toBeUndefined();
    expect(tempBaseProblem(`${base}b`, limit)).toMatch(/longer than/);
  });

  // the TMPDIR of 39 characters of the report: the old code kept it (it only checked <= 40) and ssh
  // failed with `unix_listener: path "…" too long`
  it.each([39, 64, 90])('a TMPDIR of %i characters is set aside for /tmp, with the reason', (n) => {
    const long = `/home/runner/${'w'.repeat(n - '/home/runner/'.length)}`;
    expect(long).toHaveLength(n);
    const { bases, rejected } = usableTempBases([long, '/tmp'], 108);
    expect(bases).toEqual(['/tmp']);
    expect(rejected).toEqual([`${JSON.stringify(long)} is ${n} bytes, longer than 28`]);
  });

  it('refuses relative bases and whitespace (ssh splits -o values on it); counts bytes, not characters', () => {
    expect(usableTempBases(['tmp', '/tmp/a b', '/tmp/'], 108)).toEqual({
      bases: ['/tmp'],
      rejected: ['"tmp" is not an absolute path', '"/tmp/a b" contains whitespace or control characters'],
    });
    const accented = `/${'é'.repeat(14)}`; // 15 characters, 29 bytes
    expect(tempBaseProblem(accented, 108)).toMatch(/29 bytes, longer than 28/);
  });

  it('buildSshOptions refuses a control dir whose socket cannot fit, with a UserError', () => {
    const base = { keyPath: '/tmp/k.pub', port: 22, knownHostsPath: '/tmp/kh' };
    const long = `/${'d'.repeat(60)}`;
    expect(thrownMessage(() => buildSshOptions({ ...base, controlDir: long }), UserError)).toMatch(
      /too long: its ssh control socket needs 123 bytes/,
    );
    expect(thrownMessage(() => assertControlDir(long, 104), UserError)).toMatch(/the limit is 104/);
    expect(buildSshOptions({ ...base, controlDir: '/tmp/gitops-ssh-abcdef', agentSocket: '/tmp/gitops-ssh-abcdef/agent' })).toEqual(
      expect.arrayContaining(['ControlPath=/tmp/gitops-ssh-abcdef/cm-%C', 'IdentityAgent=/tmp/gitops-ssh-abcdef/agent']),
    );
  });
});

describe('createRunDir with a long TMPDIR (self-hosted runners)', () => {
  const saved = process.env.TMPDIR;
  let longTmp = '';
  beforeEach(async () => {
    longTmp = join('/tmp', `gd-long-tmpdir-${process.pid}`, 'actions-runner', '_work', '_temp', 'a-rather-long-name');
    await mkdir(longTmp, { recursive: true });
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    await rm(join('/tmp', `gd-long-tmpdir-${process.pid}`), { recursive: true, force: true });
  });

  it('puts the run dir (0700, marked) in /tmp when TMPDIR is 60+ characters, and its socket fits', async () => {
    process.env.TMPDIR = longTmp;
    expect(longTmp.length).toBeGreaterThanOrEqual(60);
    expect(tempBaseCandidates()).toEqual([longTmp, '/tmp']);
    const dir = await createRunDir();
    try {
      expect(dirname(dir)).toBe('/tmp');
      expect(basename(dir)).toMatch(/^gitops-ssh-[A-Za-z0-9]{6}$/);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect(existsSync(join(dir, 'owner.json'))).toBe(true);
      expect(Buffer.byteLength(boundPath(dir)) + 1).toBeLessThanOrEqual(sunPathLimit());
      expect(() => assertControlDir(dir)).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a short TMPDIR', async () => {
    const short = join('/tmp', `gd-long-tmpdir-${process.pid}`);
    process.env.TMPDIR = short;
    const dir = await createRunDir();
    expect(dirname(dir)).toBe(short);
  });

  it('a clear UserError when no base fits or can be written', async () => {
    const missing = `/tmp/gd-missing-${process.pid}`;
    const message = await rejectionMessage(createRunDir([longTmp, missing]), UserError);
    expect(message).toContain(
      `no short private directory for the ssh control socket (unix socket paths are limited to ${sunPathLimit()} bytes)`,
    );
    expect(message).toContain(`${JSON.stringify(longTmp)} is ${longTmp.length} bytes, longer than ${maxTempBaseBytes()}`);
    expect(message).toContain(`${JSON.stringify(missing)}: ENOENT`);
    expect(message).toMatch(/Set TMPDIR to a writable directory of at most 2[48] bytes/);
  });
});
