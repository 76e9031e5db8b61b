/**
 * The passenger script builders, run for real with the local sh, touch and stat (the ones that
 * need rsync are in test/e2e/passenger-host-sync.e2e.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostSyncArgs, restoreScript, snapshotScript } from '../../src/strategies/passenger/host-sync.js';
import { hostTaskScript, pipInstallScript, venvCheckScript } from '../../src/strategies/passenger/python-scripts.js';
import { restartAppScript, restartTouchScript } from '../../src/strategies/passenger/restart-script.js';
import { notInCopyScript } from '../../src/strategies/passenger/frontend-guard.js';
import { withTools } from './helpers/tools.js';

const sh = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8' });
const mtime = async (f: string): Promise<number> => Math.floor((await stat(f)).mtimeMs / 1000);

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "passenger scripts 'q' "));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('restartTouchScript', () => {
  it('creates tmp/restart.txt (and tmp/) with the current second', async () => {
    const file = join(dir, 'app root', 'tmp', 'restart.txt');
    const before = Math.floor(Date.now() / 1000);
    const printed = Number(sh(restartTouchScript(file)).trim());
    expect(await mtime(file)).toBe(printed);
    expect(printed).toBeGreaterThanOrEqual(before);
  });

  it('two touches in the same second get strictly increasing mtimes', async () => {
    const file = join(dir, 'restart.txt');
    const first = Number(sh(restartTouchScript(file)));
    const second = Number(sh(restartTouchScript(file)));
    const third = Number(sh(restartTouchScript(file)));
    expect(second).toBe(first + 1);
    expect(third).toBe(first + 2);
    expect(await mtime(file)).toBe(third);
  });

  it('is newer than every compared file, even one in the future (the other release)', async () => {
    const target = join(dir, 'new', 'tmp', 'restart.txt');
    const other = join(dir, 'old', 'tmp', 'restart.txt');
    await mkdir(join(dir, 'old', 'tmp'), { recursive: true });
    await writeFile(other, '');
    const future = Math.floor(Date.now() / 1000) + 100;
    await utimes(other, future, future);
    sh(restartTouchScript(target, [other, join(dir, 'missing', 'restart.txt')]));
    expect(await mtime(target)).toBe(future + 1);
  });

  it('passenger-config restart-app in every running instance (fake passenger-config on PATH)', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const log = join(dir, 'calls.log');
    const table =
      'Name                       PID      Description\n--------------------------------------------------------------------------\nFzNnfCuN                   14511    Apache/2.4.71\ncHSXob0C                   14477    Apache/2.4.71\n';
    await writeFile(
      join(bin, 'passenger-config'),
      `#!/bin/sh\nif [ "$1" = list-instances ]; then printf '%s' '${table}'; else echo "$*" >> "$CALLS_LOG"; fi\n`,
      { mode: 0o755 },
    );
    const out = execFileSync('sh', ['-c', restartAppScript('/srv/app root/current/backend')], {
      encoding: 'utf8',
      env: { ...process.env, CALLS_LOG: log, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(out.trim()).toBe('restarted in Passenger instance(s): FzNnfCuN cHSXob0C');
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      'restart-app /srv/app root/current/backend --ignore-app-not-running --instance FzNnfCuN',
      'restart-app /srv/app root/current/backend --ignore-app-not-running --instance cHSXob0C',
    ]);
  });

  it('passenger-config: an instance that stopped after the listing is skipped; one still running fails', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    // first listing: A and B; restart-app in A fails; later listings: B only unless A_STAYS is set
    const fake = [
      '#!/bin/sh',
      'row() { printf "%s   1   Apache/2.4.71\\n" "$1"; }',
      'if [ "$1" = list-instances ]; then',
      '  printf "Name   PID   Description\\n------\\n"',
      '  if [ ! -e "$DIR/listed" ] || [ -n "$A_STAYS" ]; then row A; fi; row B; touch "$DIR/listed"; exit 0',
      'fi',
      'case "$*" in *"--instance A"*) echo "instance A not found" >&2; exit 1;; esac',
      'echo "$*" >> "$DIR/calls.log"',
    ].join('\n');
    await writeFile(join(bin, 'passenger-config'), `${fake}\n`, { mode: 0o755 });
    const run = (env: Record<string, string>) =>
      spawnSync('sh', ['-c', restartAppScript('/srv/app')], {
        encoding: 'utf8',
        env: { ...process.env, DIR: dir, PATH: `${bin}:${process.env.PATH}`, ...env },
      });
    const gone = run({});
    expect([gone.status, gone.stdout.trim().split('\n')]).toEqual([
      0,
      ['Passenger instance A stopped while the app restarted: skipped', 'restarted in Passenger instance(s): B'],
    ]);
    expect(await readFile(join(dir, 'calls.log'), 'utf8')).toBe('restart-app /srv/app --ignore-app-not-running --instance B\n');
    await rm(join(dir, 'listed'));
    const stays = run({ A_STAYS: '1' });
    expect([stays.status, stays.stderr.trim()]).toEqual([1, 'instance A not found']);
  });

  it('passenger-config: no running instance is not an error', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'passenger-config'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const out = execFileSync('sh', ['-c', restartAppScript('/srv/app')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(out.trim()).toBe('no Passenger instance is running: nothing to restart');
  });
});

describe('python scripts', () => {
  it('venvCheckScript says no for a missing venv and yes for a working python', async () => {
    expect(sh(venvCheckScript(join(dir, 'venv'))).trim()).toBe('no');
    await mkdir(join(dir, 'venv', 'bin'), { recursive: true });
    // the check is `-x <venv>/bin/python`: any working executable (this node) stands in for python
    await symlink(process.execPath, join(dir, 'venv', 'bin', 'python'));
    expect(sh(venvCheckScript(join(dir, 'venv'))).trim()).toBe('yes');
  });

  it('pipInstallScript creates the venv only when missing and runs pip in the app root with the args', () => {
    const script = pipInstallScript({
      venv: '/v env',
      python: '/usr/bin/python3',
      appRoot: '/app/b',
      requirements: 'req s.txt',
      args: ['--no-index', '--find-links', 'wheels'],
    });
    expect(script).toBe(
      [
        "if [ ! -x '/v env/bin/python' ] && [ -f '/v env/pyvenv.cfg' ]; then",
        "  echo 'recreating virtualenv /v env: its python no longer runs'",
        "  /usr/bin/python3 -m venv --clear '/v env' || exit $?",
        'fi',
        "if [ ! -x '/v env/bin/python' ]; then",
        "  echo 'creating virtualenv /v env'",
        "  if [ -e '/v env' ] || [ -L '/v env' ]; then fresh=; else fresh=1; fi",
        "  /usr/bin/python3 -m venv '/v env' || { rc=$?; if [ -n \"$fresh\" ]; then rm -rf '/v env'; fi; exit $rc; }",
        'fi',
        "cd /app/b && '/v env/bin/python' -m pip install --disable-pip-version-check --no-input -r 'req s.txt' --no-index --find-links wheels",
      ].join('\n'),
    );
  });

  it('pipInstallScript: a venv creation that fails removes what it made, never a directory that was there', async () => {
    // Debian's python3 without python3-venv: bin/python made, then exit 1 on ensurepip
    const python = join(dir, 'python3');
    await writeFile(
      python,
      '#!/bin/sh\nmkdir -p "$3/bin" && printf "#!/bin/sh\\n" > "$3/bin/python" && chmod +x "$3/bin/python"\nexit 1\n',
      { mode: 0o755 },
    );
    const run = (venv: string) =>
      spawnSync('sh', ['-c', pipInstallScript({ venv, python, appRoot: dir, requirements: 'r.txt', args: [] })]);
    const fresh = join(dir, 'new venv');
    expect(run(fresh).status).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    const kept = join(dir, 'kept');
    await mkdir(kept);
    await writeFile(join(kept, 'mine'), 'x');
    expect(run(kept).status).toBe(1);
    expect(await readFile(join(kept, 'mine'), 'utf8')).toBe('x');
  });

  it('hostTaskScript runs the command in the app root with the venv first on PATH', async () => {
    const venv = join(dir, 'venv');
    const root = join(dir, 'app root');
    await mkdir(join(venv, 'bin'), { recursive: true });
    await mkdir(root);
    await writeFile(join(venv, 'bin', 'whoami-venv'), '#!/bin/sh\necho "venv tool in $(pwd) with $VIRTUAL_ENV"\n', { mode: 0o755 });
    expect(sh(hostTaskScript(root, venv, "whoami-venv && echo 'quoted ok'"))).toBe(`venv tool in ${root} with ${venv}\nquoted ok\n`);
  });
});

describe('host-side snapshot and restore', () => {
  it('builds rsync args with protect filters before excludes', () => {
    expect(hostSyncArgs({ src: '/a', dest: '/b/', delete: true, checksum: true, protect: ['.htaccess'], excludes: ['/x/'] })).toEqual([
      'rsync',
      '-rlpt',
      '--checksum',
      '--delete',
      '--filter=P /.htaccess',
      '--exclude=/.htaccess',
      '--exclude=/x/',
      '--filter=P /x',
      '--',
      '/a/',
      '/b/',
    ]);
  });

  it('snapshot of a missing directory is a no-op; restore without a snapshot fails', () => {
    expect(() => sh(snapshotScript(join(dir, 'missing'), join(dir, 'snap')))).not.toThrow();
    expect(() => execFileSync('sh', ['-c', restoreScript(join(dir, 'snap'), join(dir, 'x'))], { stdio: 'pipe' })).toThrow(/no snapshot/);
  });
});

describe.runIf(withTools('the in-place code restore into a trash (real rsync)', 'rsync'))(
  'restoreScript with a trash (in-place code restore)',
  () => {
    const read = (f: string): Promise<string> => readFile(f, 'utf8');

    it('moves what it deletes or overwrites to a fresh <root>/.deploy/trash/<id>[.n], keeps excluded links, prunes to `keep`', async () => {
      const snap = join(dir, 'snap');
      const root = join(dir, 'app');
      await mkdir(snap);
      await mkdir(join(root, 'media', 'sub'), { recursive: true });
      await writeFile(join(snap, 'a.py'), 'release\n');
      await writeFile(join(root, 'a.py'), 'edited on the host\n');
      await writeFile(join(root, 'media', 'sub', 'x.jpg'), 'jpeg bytes');
      await symlink('/elsewhere/uploads', join(root, 'uploads'));
      const keep = { protect: ['.deploy/'], excludes: ['uploads/'], trash: { root, id: 'abc', keep: 2 } };
      sh(restoreScript(snap, root, keep));
      const trash = join(root, '.deploy', 'trash');
      expect(await read(join(root, 'a.py'))).toBe('release\n');
      expect(await read(join(trash, 'abc', 'a.py'))).toBe('edited on the host\n');
      expect(await read(join(trash, 'abc', 'media', 'sub', 'x.jpg'))).toBe('jpeg bytes');
      await expect(stat(join(root, 'media'))).rejects.toThrow(/ENOENT/);
      expect(execFileSync('readlink', [join(root, 'uploads')], { encoding: 'utf8' }).trim()).toBe('/elsewhere/uploads');
      // a second restore of the same release never replaces what the first one kept
      for (const n of [2, 3]) {
        await writeFile(join(root, 'a.py'), `edit ${n}\n`);
        await utimes(join(trash, n === 2 ? 'abc' : 'abc.2'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
        sh(restoreScript(snap, root, keep));
        expect(await read(join(trash, `abc.${n}`, 'a.py'))).toBe(`edit ${n}\n`);
      }
      expect(
        sh(`ls ${JSON.stringify(trash)}`)
          .split('\n')
          .filter(Boolean)
          .sort(),
      ).toEqual(['abc.2', 'abc.3']);
    });
  },
);

describe('notInCopyScript (frontend guard)', () => {
  it('prints the paths the copy does not hold, after a marker; nothing at all without a copy', async () => {
    const copy = join(dir, 'copy of v1');
    await mkdir(join(copy, 'assets'), { recursive: true });
    await writeFile(join(copy, 'assets', 'a 1.js'), 'a');
    await symlink('nowhere', join(copy, 'link'));
    const run = (c: string) =>
      execFileSync('sh', ['-c', notInCopyScript(c)], { input: 'assets/a 1.js\nlink\nmedia/up load.jpg\n', encoding: 'utf8' });
    expect(run(copy)).toBe('copy: yes\nmedia/up load.jpg\n');
    expect(run(join(dir, 'no copy'))).toBe('');
  });
});
