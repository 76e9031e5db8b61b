/**
 * The one protection list every sync uses (syncRules), per strategy and layout, and the in-place
 * shared-path scripts run by sh and dash on a temp tree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { layoutOf, linkSharedInPlaceScript, sharedConflictsScript } from '../../src/sync/layout.js';
import { syncRules } from '../../src/sync/protection.js';

const target = (lines: string) =>
  parseConfig(`version: 1\ncompose: {project: app}\ntargets:\n  t:\n    host: u@example.com\n    path: /srv/app\n${lines}`, 'deploy.yml')
    .targets.t!;

const SQLITE = ['db.sqlite3', 'db.sqlite3-wal', 'db.sqlite3-shm', 'db.sqlite3-journal'];

describe('syncRules: what every sync of a target leaves alone', () => {
  const rows: [string, string, string[], string[]][] = [
    ['compose releases: the shared entries only', '    strategy: compose\n    shared: [.env, media/]\n', ['.env', 'media'], ['/.git/']],
    [
      "compose in-place: the tool's directories, shared entries whatever their type, the SQLite files",
      '    strategy: compose\n    layout: in-place\n    shared: [docker/.env, media/]\n    backup: {engine: sqlite, path: db.sqlite3}\n',
      ['.deploy/', 'backups/', 'shared/', 'docker/.env', 'media', ...SQLITE],
      ['/.git/'],
    ],
    [
      'compose in-place, database in a service: nothing of it on the host tree',
      '    strategy: compose\n    layout: in-place\n    backup: {engine: sqlite, service: web, path: db.sqlite3}\n',
      ['.deploy/', 'backups/', 'shared/'],
      ['/.git/'],
    ],
    [
      'passenger releases: <app_root>/tmp/, __pycache__, target.exclude last',
      '    strategy: passenger\n    app_root: backend\n    exclude: [uploads/, "*.log"]\n    backup: {engine: sqlite, path: db.sqlite3}\n',
      ['backend/tmp/'],
      ['/.git/', '__pycache__/', 'uploads/', '*.log'],
    ],
    [
      'passenger in-place: the venv inside the path and the SQLite files too',
      '    strategy: passenger\n    layout: in-place\n    venv: backend/.venv\n    shared: [backend/.env]\n    backup: {engine: sqlite, path: ./db.sqlite3}\n',
      ['.deploy/', 'backups/', 'shared/', 'backend/.env', ...SQLITE, 'tmp/', 'backend/.venv/'],
      ['/.git/', '__pycache__/'],
    ],
    [
      'passenger in-place, a venv outside the path: not listed',
      '    strategy: passenger\n    layout: in-place\n    venv: /home/u/virtualenv/app/3.11\n',
      ['.deploy/', 'backups/', 'shared/', 'tmp/'],
      ['/.git/', '__pycache__/'],
    ],
    [
      'in-place: the env file a backup reads its password from (password_env_file inside the path)',
      '    strategy: passenger\n    layout: in-place\n    venv: /opt/venv\n    backup: {engine: mariadb, database: app, password_env: DB_PASSWORD, password_env_file: config/db.env}\n',
      ['.deploy/', 'backups/', 'shared/', 'config/db.env', 'tmp/'],
      ['/.git/', '__pycache__/'],
    ],
    [
      'in-place: an absolute password_env_file inside the path, listed relative to it',
      '    strategy: compose\n    layout: in-place\n    backup: {engine: postgres, database: app, password_env: PW, password_env_file: /srv/app/.env.db}\n',
      ['.deploy/', 'backups/', 'shared/', '.env.db'],
      ['/.git/'],
    ],
    [
      'in-place: a password_env_file outside the path is not listed',
      '    strategy: compose\n    layout: in-place\n    backup: {engine: postgres, database: app, password_env: PW, password_env_file: /etc/app/db.env}\n',
      ['.deploy/', 'backups/', 'shared/'],
      ['/.git/'],
    ],
    [
      'releases: a password_env_file is not in a release: not listed',
      '    strategy: compose\n    backup: {engine: postgres, database: app, password_env: PW, password_env_file: shared/.env}\n',
      [],
      ['/.git/'],
    ],
    [
      'a shared entry covering the database is listed once per path',
      '    strategy: passenger\n    layout: in-place\n    venv: /opt/venv\n    shared: [db.sqlite3]\n    backup: {engine: sqlite, path: db.sqlite3}\n',
      ['.deploy/', 'backups/', 'shared/', ...SQLITE, 'tmp/'],
      ['/.git/', '__pycache__/'],
    ],
  ];
  it.each(rows)('%s', (_name, lines, protect, excludes) => {
    const runtime = excludes.includes('__pycache__/') ? ['__pycache__'] : [];
    expect(syncRules(target(lines))).toEqual({ protect, excludes, runtime });
  });
});

describe('in-place shared paths kept in <path>/shared (run by sh and dash)', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-inplace-shared-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const layout = () => layoutOf(join(dir, 'app root'));
  const run = (shell: string, script: string) => execFileSync(shell, ['-c', script], { encoding: 'utf8' });

  for (const shell of ['sh', 'dash']) {
    it(`${shell}: links what shared/ holds where the tree has nothing, creates missing directory entries there, touches nothing else`, async () => {
      const l = layout();
      await mkdir(join(l.shared, 'docker'), { recursive: true });
      await mkdir(join(l.root, 'docker'), { recursive: true });
      await mkdir(join(l.root, 'logs'), { recursive: true });
      await writeFile(join(l.shared, 'docker', '.env'), 'A=1\n');
      await writeFile(join(l.root, 'logs', 'old.log'), 'kept in place\n');
      await symlink('/elsewhere', join(l.root, 'own-link'));
      const shared = ['docker/.env', 'logs/', 'media/', 'missing.txt', 'own-link'];
      expect(run(shell, sharedConflictsScript(l, shared))).toBe('');
      run(shell, linkSharedInPlaceScript(l, shared));
      expect(readlinkSync(join(l.root, 'docker', '.env'))).toBe(join(l.shared, 'docker', '.env'));
      expect(await readFile(join(l.root, 'docker', '.env'), 'utf8')).toBe('A=1\n');
      // the tree's own directory stays where it is, no copy in shared/
      expect(lstatSync(join(l.root, 'logs')).isDirectory()).toBe(true);
      expect(existsSync(join(l.shared, 'logs'))).toBe(false);
      // a directory entry found nowhere is created in shared/ and linked
      expect(readlinkSync(join(l.root, 'media'))).toBe(join(l.shared, 'media'));
      expect(lstatSync(join(l.shared, 'media')).isDirectory()).toBe(true);
      // a missing file is never invented; the user's own link is left alone
      expect(existsSync(join(l.root, 'missing.txt'))).toBe(false);
      expect(readlinkSync(join(l.root, 'own-link'))).toBe('/elsewhere');
      // idempotent: a second run changes nothing and reports no conflict
      run(shell, linkSharedInPlaceScript(l, shared));
      expect(run(shell, sharedConflictsScript(l, shared))).toBe('');
    });

    it(`${shell}: an entry both in the tree and in shared/ is reported, whatever the tree holds`, async () => {
      const l = layout();
      await mkdir(join(l.shared, 'media'), { recursive: true });
      await mkdir(join(l.root, 'media'), { recursive: true });
      await writeFile(join(l.shared, '.env'), 'shared\n');
      await writeFile(join(l.root, '.env'), 'in place\n');
      await writeFile(join(l.shared, "it's.txt"), 'x');
      await symlink('/elsewhere', join(l.root, "it's.txt"));
      await writeFile(join(l.shared, 'ok.txt'), 'x');
      await symlink(join(l.shared, 'ok.txt'), join(l.root, 'ok.txt'));
      const out = run(shell, sharedConflictsScript(l, ['.env', 'media/', "it's.txt", 'ok.txt']));
      expect(out.split('\n').filter(Boolean)).toEqual(['.env', 'media', "it's.txt"]);
    });
  }

  it('in place, a directory of the tree above a missing entry that is a link (outside the app): exit 1, nothing written through it', async () => {
    const l = layout();
    const outside = join(dir, 'outside');
    await mkdir(outside, { recursive: true });
    await mkdir(join(l.shared, 'ext'), { recursive: true });
    await writeFile(join(l.shared, 'ext', '.env'), 'A=1\n');
    await mkdir(l.root, { recursive: true });
    await symlink(outside, join(l.root, 'ext'));
    for (const shell of ['sh', 'dash']) {
      for (const entry of ['ext/.env', 'ext/logs/']) {
        const r = spawnSync(shell, ['-c', linkSharedInPlaceScript(l, [entry])], { encoding: 'utf8' });
        expect(r.status, `${shell} ${entry}`).toBe(1);
        expect(r.stderr).toContain(`${join(l.root, 'ext')} is a symbolic link`);
      }
    }
    expect(execFileSync('ls', ['-A', outside], { encoding: 'utf8' })).toBe('');
    expect(execFileSync('ls', ['-A', join(l.shared, 'ext')], { encoding: 'utf8' })).toBe('.env\n');
  });

  it('the scripts are valid POSIX sh (sh -n, dash -n)', () => {
    const l = layoutOf("/srv/a b/it's");
    for (const script of [sharedConflictsScript(l, ['.env', 'media/', 'a b/c']), linkSharedInPlaceScript(l, ['.env', 'media/', 'a b/c'])]) {
      for (const shell of ['sh', 'dash']) execFileSync(shell, ['-n', '-c', script]);
    }
  });
});
