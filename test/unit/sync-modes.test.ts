/** The deploy umask: config validation, the remote `umask` command, rsync's --chmod (run for real). */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { hostSyncArgs } from '../../src/strategies/passenger/host-sync.js';
import { rsyncChmod, umaskCommand, umaskProblem } from '../../src/transport/modes.js';
import { buildRsyncArgs } from '../../src/sync/rsync.js';
import { withTools } from './helpers/tools.js';

const config = (umask: string) =>
  `version: 1\ncompose: {project: p}\ntargets:\n  t: {strategy: compose, host: u@h, path: /srv/app${umask}}\n`;
const errorOf = (text: string): string => {
  try {
    parseConfig(text, 'deploy.yml');
    return 'no error';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('umask', () => {
  it('defaults to "022"; a quoted octal masking group and other write is accepted', () => {
    expect(parseConfig(config(''), 'deploy.yml').targets.t!.umask).toBe('022');
    for (const u of ['022', '027', '077', '0027', '023'])
      expect(parseConfig(config(`, umask: "${u}"`), 'deploy.yml').targets.t!.umask).toBe(u);
  });

  const refused: [string, RegExp][] = [
    ['"002"', /umask 002 leaves deployed files writable by the group or others/],
    ['"020"', /umask 020 leaves deployed files writable/],
    ['"722"', /takes permissions from the owner/],
    ['"0o22"', /expected a umask as a quoted octal string/],
    ['"089"', /expected a umask as a quoted octal string/],
    ['022', /expected a umask as a quoted octal string like "022" \(unquoted, YAML reads 022 as the number 22\)/],
    ['"022; rm -rf /"', /expected a umask as a quoted octal string/],
  ];
  it.each(refused)('refuses umask %s', (value, message) => {
    expect(errorOf(config(`, umask: ${value}`))).toMatch(message);
  });

  it('umaskProblem is undefined exactly for the accepted values', () => {
    expect(umaskProblem('022')).toBeUndefined();
    expect(umaskProblem('002')).toBeDefined();
  });

  it('umaskCommand and rsyncChmod remove what the umask masks, and throw on anything else', () => {
    expect(umaskCommand('022')).toBe('umask 0022');
    expect(umaskCommand('0027')).toBe('umask 0027');
    expect(rsyncChmod('022')).toBe('g-w,o-w');
    expect(rsyncChmod('027')).toBe('g-w,o-rwx');
    expect(rsyncChmod('077')).toBe('g-rwx,o-rwx');
    expect(rsyncChmod('023')).toBe('g-w,o-wx');
    expect(() => umaskCommand('002')).toThrow(/writable by the group/);
    expect(() => rsyncChmod('1; id')).toThrow(/expected a umask/);
  });

  it('the rsync builders pass --chmod (validated)', () => {
    const remote = { user: 'u', host: 'h', port: 22 };
    const args = buildRsyncArgs({ source: '/a', dest: '/b', remote, sshArgs: [], chmod: 'g-w,o-w' });
    expect(args).toContain('--chmod=g-w,o-w');
    expect(() => buildRsyncArgs({ source: '/a', dest: '/b', remote, sshArgs: [], chmod: 'g-w --delete' })).toThrow(/invalid --chmod/);
    expect(hostSyncArgs({ src: '/a', dest: '/b', chmod: 'g-w,o-w' })).toContain('--chmod=g-w,o-w');
  });
});

describe.runIf(withTools('rsync --chmod on real files', 'rsync'))('rsync -p with --chmod from the umask (real rsync, local)', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-modes-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('664/775 sources (git archive) arrive as 644/755, executables stay executable', async () => {
    const src = join(dir, 'src');
    await mkdir(join(src, 'sub'), { recursive: true, mode: 0o775 });
    await writeFile(join(src, 'sub', 'a.py'), 'x', { mode: 0o664 });
    await writeFile(join(src, 'run.sh'), 'x', { mode: 0o775 });
    execFileSync('chmod', ['0775', join(src, 'sub')]);
    execFileSync('chmod', ['0664', join(src, 'sub', 'a.py')]);
    execFileSync('chmod', ['0775', join(src, 'run.sh')]);
    const args = hostSyncArgs({ src, dest: join(dir, 'dest'), chmod: rsyncChmod('022') });
    execFileSync(args[0]!, args.slice(1));
    const mode = async (p: string) => ((await stat(join(dir, 'dest', p))).mode & 0o777).toString(8);
    expect(await mode('sub')).toBe('755');
    expect(await mode('sub/a.py')).toBe('644');
    expect(await mode('run.sh')).toBe('755');
  });
});
