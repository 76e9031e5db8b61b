/** The passenger script builders, run for real with the local sh, touch, stat and rsync. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { codeRestoreScript, codeSnapshotScript, hostSyncArgs, restoreScript, snapshotScript } from '../../src/passenger/host-sync.js';
import { passengerPaths } from '../../src/passenger/paths.js';
import { hostTaskScript, pipInstallScript, venvCheckScript } from '../../src/passenger/python-scripts.js';
import { restartAppScript, restartTouchScript } from '../../src/passenger/restart-script.js';
import { syncRules } from '../../src/sync/protection.js';
import { shellJoin } from '../../src/transport/quote.js';

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
    const table = 'Name                       PID      Description\n--------------------------------------------------------------------------\nFzNnfCuN                   14511    Apache/2.4.71\ncHSXob0C                   14477    Apache/2.4.71\n';
    await writeFile(join(bin, 'passenger-config'), `#!/bin/sh\nif [ "$1" = list-instances ]; then printf '%s' '${table}'; else echo "$*" >> "$CALLS_LOG"; fi\n`, { mode: 0o755 });
    const out = execFileSync('sh', ['-c', restartAppScript("/srv/app root/current/backend")], { encoding: 'utf8', env: { ...process.env, CALLS_LOG: log, PATH: `${bin}:${process.env.PATH}` } });
    expect(out.trim()).toBe('restarted in Passenger instance(s): FzNnfCuN cHSXob0C');
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([
      'restart-app /srv/app root/current/backend --ignore-app-not-running --instance FzNnfCuN',
      'restart-app /srv/app root/current/backend --ignore-app-not-running --instance cHSXob0C',
    ]);
  });

  it('passenger-config: no running instance is not an error', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'passenger-config'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const out = execFileSync('sh', ['-c', restartAppScript('/srv/app')], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(out.trim()).toBe('no Passenger instance is running: nothing to restart');
  });
});

describe('python scripts', () => {
  it('venvCheckScript says no for a missing venv and yes for a working python', async () => {
    expect(sh(venvCheckScript(join(dir, 'venv'))).trim()).toBe('no');
    await mkdir(join(dir, 'venv', 'bin'), { recursive: true });
    await symlink(execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim(), join(dir, 'venv', 'bin', 'python'));
    expect(sh(venvCheckScript(join(dir, 'venv'))).trim()).toBe('yes');
  });

  it('pipInstallScript creates the venv only when missing and runs pip in the app root with the args', () => {
    const script = pipInstallScript({ venv: '/v env', python: '/usr/bin/python3', appRoot: '/app/b', requirements: 'req s.txt', args: ['--no-index', '--find-links', 'wheels'] });
    expect(script).toBe(
      [
        "if [ ! -x '/v env/bin/python' ]; then echo 'creating virtualenv /v env'; /usr/bin/python3 -m venv '/v env' || exit $?; fi",
        "cd /app/b && '/v env/bin/python' -m pip install --disable-pip-version-check --no-input -r 'req s.txt' --no-index --find-links wheels",
      ].join('\n'),
    );
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
      'rsync', '-rlpt', '--checksum', '--delete', '--filter=P /.htaccess', '--exclude=/.htaccess', '--exclude=/x/', '--', '/a/', '/b/',
    ]);
  });

  it('snapshot hard-links the tree; restore brings the old code back, keeping protected and excluded paths', async () => {
    const root = join(dir, 'root');
    const snap = join(dir, '.deploy', 'snapshots', 'v1');
    await mkdir(join(root, 'storage'), { recursive: true });
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(join(root, 'app.py'), 'v1');
    await writeFile(join(root, '.env'), 'SECRET=1');
    await writeFile(join(root, 'storage', 'upload.bin'), 'user data');
    sh(snapshotScript(root, snap, ['/tmp/', '/.env', '/storage/']));
    expect((await stat(join(snap, 'app.py'))).ino).toBe((await stat(join(root, 'app.py'))).ino);
    await expect(stat(join(snap, 'storage'))).rejects.toThrow();
    // the deploy replaces files (new inodes), adds one, and the app writes protected/excluded paths
    await rm(join(root, 'app.py'));
    await writeFile(join(root, 'app.py'), 'v2');
    await writeFile(join(root, 'new.py'), 'v2 only');
    await writeFile(join(root, 'tmp', 'restart.txt'), '');
    await writeFile(join(root, 'storage', 'later.bin'), 'more data');
    sh(restoreScript(snap, root, { protect: ['.env', 'storage/'], excludes: ['/tmp/'] }));
    expect(await readFile(join(root, 'app.py'), 'utf8')).toBe('v1');
    await expect(stat(join(root, 'new.py'))).rejects.toThrow();
    expect(await readFile(join(root, '.env'), 'utf8')).toBe('SECRET=1');
    expect(await readFile(join(root, 'storage', 'later.bin'), 'utf8')).toBe('more data');
    expect(await readFile(join(root, 'tmp', 'restart.txt'), 'utf8')).toBe('');
  });

  it('snapshot of a missing directory is a no-op; restore without a snapshot fails', () => {
    expect(() => sh(snapshotScript(join(dir, 'missing'), join(dir, 'snap')))).not.toThrow();
    expect(() => execFileSync('sh', ['-c', restoreScript(join(dir, 'snap'), join(dir, 'x'))], { stdio: 'pipe' })).toThrow(/no snapshot/);
  });
});

describe('in-place code snapshot and restore of a passenger target (what the deploy, its revert and the rollback run)', () => {
  const inPlaceTarget = (root: string): PassengerTarget => {
    const yaml = `version: 1\ntargets:\n  t:\n    strategy: passenger\n    host: u@example.com\n    path: ${JSON.stringify(root)}\n    layout: in-place\n    shared: [.env]\n    exclude: [uploads/]\n    backup: {engine: sqlite, path: db.sqlite3}\n`;
    return parseConfig(yaml, 'deploy.yml').targets.t as PassengerTarget;
  };
  const read = (...parts: string[]): Promise<string> => readFile(join(...parts), 'utf8');

  it('excluded paths and the sqlite database survive the upload, and a rollback to the snapshot deletes none of them', async () => {
    const root = join(dir, 'app');
    const target = inPlaceTarget(root);
    const paths = passengerPaths(target);
    await mkdir(join(root, 'uploads'), { recursive: true });
    for (const [file, text] of Object.entries({ 'app.py': 'v1', '.env': 'SECRET=1', 'uploads/early.jpg': 'e', 'db.sqlite3': 'rows v1', 'db.sqlite3-wal': 'wal' })) {
      await writeFile(join(root, file), text);
    }
    sh(codeSnapshotScript(target, 'v1'));
    // the upload of v2: rsync --delete with the same protect and exclude lists as uploadRelease
    const v2 = join(dir, 'export v2');
    await mkdir(v2);
    await writeFile(join(v2, 'app.py'), 'v2');
    await writeFile(join(v2, 'new.py'), 'v2 only');
    sh(shellJoin(hostSyncArgs({ src: v2, dest: root, delete: true, checksum: true, ...syncRules(target) })));
    expect(await read(root, 'app.py')).toBe('v2');
    expect(await read(root, 'db.sqlite3')).toBe('rows v1');
    expect(await read(root, 'db.sqlite3-wal')).toBe('wal');
    expect(await read(root, 'uploads', 'early.jpg')).toBe('e');
    // v2 runs: users upload, the database changes
    await writeFile(join(root, 'uploads', 'late.jpg'), 'l');
    await writeFile(join(root, 'db.sqlite3'), 'rows v2');
    await writeFile(join(root, 'db.sqlite3-journal'), 'journal');
    sh(codeRestoreScript(target, 'v1'));
    expect(await read(root, 'app.py')).toBe('v1');
    await expect(stat(join(root, 'new.py'))).rejects.toThrow();
    expect(await read(root, 'uploads', 'late.jpg')).toBe('l');
    expect(await read(root, 'uploads', 'early.jpg')).toBe('e');
    expect(await read(root, 'db.sqlite3')).toBe('rows v2');
    expect(await read(root, 'db.sqlite3-journal')).toBe('journal');
    expect(await read(root, '.env')).toBe('SECRET=1');
    // the snapshot holds the code only
    await expect(stat(join(paths.snapshotOf('v1'), 'uploads'))).rejects.toThrow();
    await expect(stat(join(paths.snapshotOf('v1'), 'db.sqlite3'))).rejects.toThrow();
  });
});
