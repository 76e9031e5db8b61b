/**
 * Trees a repository may hold that a sync must not trust, on real components (a real sshd, the
 * real CLI, rsync, the diff upload's tar and the in-place snapshot restore): a committed symbolic
 * link above a `shared` entry (pointing into <path>/shared, or outside the app), file names that are
 * not UTF-8, names with rsync filter syntax, shell and glob metacharacters or a newline, links out of
 * the app that later become directories, a case-only rename, a directory that becomes a file and
 * the reverse, and a repository committing the paths the host keeps (.env, .deploy/, backups/,
 * shared/, the venv, the SQLite database, an excluded uploads/). A passenger target without a web
 * server (no health URL, restart by touch) and a stand-in virtualenv keep it fast: what is checked
 * is what lands on the host.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb } from './harness/databases.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());
const LONG = 180_000;

describe.runIf(ready)('a sync never writes through a committed link, and sends every changed name', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-hostile-tree');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /** A repo `name` with a passenger target of layout `layout` at <tmp>/<name>/host, its venv a stand-in. */
  async function setup(name: string, layout: 'releases' | 'in-place', shared: string[], extra = '') {
    const { repoDir, path, repo } = await passengerApp(
      join(tmp, name),
      sshd.port,
      layout,
      `    shared: [${shared.join(', ')}]\n${extra}`,
      60,
    );
    repo.commit('initial');
    const deploy = (): Promise<CliRun> => runCli(['deploy', '--repo', repoDir, '--json'], env);
    return { repoDir, path, repo, deploy };
  }

  it(
    'releases: a committed link above a shared entry, into <path>/shared or outside the app: refused, the shared file and the outside one kept',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('rel-link', 'releases', ['conf/.env', 'ext/.env']);
      const outside = join(tmp, 'rel-link', 'outside');
      await mkdir(outside, { recursive: true });
      await writeFile(join(outside, '.env'), 'another app\n');
      await mkdir(join(path, 'shared', 'conf'), { recursive: true });
      await writeFile(join(path, 'shared', 'conf', '.env'), 'SECRET=1\n');
      await mkdir(join(repoDir, 'conf'));
      await writeFile(join(repoDir, 'conf', 'settings.py'), 'X = 1\n');
      const v1 = repo.commit('v1');
      expect((await deploy()).code).toBe(0);
      // v2: conf becomes a link to <path>/shared/conf (as seen from releases/<id>), ext one outside the app
      await removeTree(join(repoDir, 'conf'));
      await symlink('../../shared/conf', join(repoDir, 'conf'));
      await symlink(outside, join(repoDir, 'ext'));
      const v2 = repo.commit('v2: links');
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/shared entry (conf|ext)\/\.env: .* is a symbolic link; nothing is linked or removed through it/);
      expect(readFileSync(join(path, 'shared', 'conf', '.env'), 'utf8')).toBe('SECRET=1\n');
      expect(readFileSync(join(outside, '.env'), 'utf8')).toBe('another app\n');
      expect(readdirSync(outside)).toEqual(['.env']);
      expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v1}`);
      expect(existsSync(join(path, 'releases', v2))).toBe(false);
    },
    LONG,
  );

  it(
    'releases: a shared entry the commit leaves no room for (a file where its directory goes) fails the deploy, even before another entry',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('rel-blocked', 'releases', ['conf/.env', 'media/']);
      await mkdir(join(path, 'shared', 'conf'), { recursive: true });
      await writeFile(join(path, 'shared', 'conf', '.env'), 'SECRET=1\n');
      const v1 = repo.commit('v1');
      expect((await deploy()).code).toBe(0);
      expect(readFileSync(join(path, 'releases', v1, 'conf', '.env'), 'utf8')).toBe('SECRET=1\n');
      await writeFile(join(repoDir, 'conf'), 'a file where the directory of conf/.env goes\n');
      repo.commit('v2: conf is a file');
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v1}`);
      expect(readFileSync(join(path, 'shared', 'conf', '.env'), 'utf8')).toBe('SECRET=1\n');
    },
    LONG,
  );

  it(
    'in-place: a shared directory entry below a committed link outside the app: refused and reverted, nothing written there',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('inp-link', 'in-place', []);
      const outside = join(tmp, 'inp-link', 'outside');
      await mkdir(outside, { recursive: true });
      const v1 = repo.commit('v1');
      expect((await deploy()).code).toBe(0);
      const config = readFileSync(join(repoDir, '.github', 'deploy.yml'), 'utf8');
      await writeFile(join(repoDir, '.github', 'deploy.yml'), config.replace('shared: []', 'shared: [ext/logs/]'));
      await symlink(outside, join(repoDir, 'ext'));
      repo.commit('v2: ext is a link, ext/logs/ shared');
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`shared entry ext/logs: ${join(path, 'ext')} is a symbolic link`);
      expect(r.json.result).toBe('failure');
      expect(readdirSync(outside)).toEqual([]);
      expect(readFileSync(join(path, 'REVISION'), 'utf8').trim()).toBe(v1);
      expect(existsSync(join(path, 'ext'))).toBe(false);
    },
    LONG,
  );

  it(
    'releases, diff upload: a changed, an added and a deleted file whose names are not UTF-8',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('latin1', 'releases', []);
      const name = (s: string) => Buffer.concat([Buffer.from(s), Buffer.from([0xe9]), Buffer.from('.txt')]);
      const at = (dir: string, n: Buffer) => Buffer.concat([Buffer.from(`${dir}/`), n]);
      await writeFile(at(repoDir, name('caf')), 'v1\n');
      await writeFile(at(repoDir, name('gone')), 'v1\n');
      repo.commit('v1');
      const v1 = await deploy();
      expect(v1.code, v1.stderr).toBe(0);
      await writeFile(at(repoDir, name('caf')), 'v2\n');
      await writeFile(at(repoDir, name('new')), 'v2\n');
      rmSync(at(repoDir, name('gone')));
      const sha = repo.commit('v2');
      const v2 = await deploy();
      expect(v2.code, v2.stderr).toBe(0);
      expect(v2.stderr).toContain('upload: full (a changed path is not valid UTF-8)');
      const release = join(path, 'releases', sha);
      expect(readFileSync(at(release, name('caf'))).toString()).toBe('v2\n');
      expect(existsSync(at(release, name('new')))).toBe(true);
      expect(existsSync(at(release, name('gone')))).toBe(false);
    },
    LONG,
  );

  /** Names a sync must carry as they are (rsync filter syntax, shell and glob metacharacters, a newline). */
  const HOSTILE: Record<string, string> = {
    '-rf': 'dash',
    '--delete': 'dash dash',
    'a b/c d.txt': 'spaces',
    'new\nline.txt': 'newline',
    'tab\there.txt': 'tab',
    'star*.txt': 'star',
    'br[ack]et.txt': 'bracket',
    'back\\slash.txt': 'backslash',
    'quote\'".txt': 'quotes',
    '$(touch pwned).txt': 'dollar',
    '+ plus.txt': 'filter include syntax',
    '- minus.txt': 'filter exclude syntax',
    'P protect.txt': 'filter protect syntax',
    '#hash.txt': 'hash',
    ':colon.txt': 'colon',
    'Readme.md': 'case',
    'dir-to-file/x.txt': 'a file in a directory',
    'file-to-dir': 'a file',
  };
  /** What the repository commits at paths the host keeps (in place: all protected, or excluded). */
  const AT_PROTECTED: Record<string, string> = {
    '.env': 'FROM_REPO=1\n',
    '.deploy/state.json': '{}\n',
    'backups/evil.sql.gz': 'repo\n',
    'shared/NOTES.txt': 'repo\n',
    'venv/bin/python': '#!/bin/sh\nexit 1\n',
    'tmp/restart.txt': 'repo\n',
    'db.sqlite3': 'not a database\n',
    'uploads/photo.jpg': 'repo\n',
    '__pycache__/x.pyc': 'repo\n',
  };
  /** v2: changed, deleted, added; a case-only rename; a directory that became a file and the reverse. */
  const V2: Record<string, string | null> = {
    'star*.txt': 'star v2',
    '-rf': null,
    'new\nline.txt': null,
    'Readme.md': null,
    'README.md': 'case v2',
    'dir-to-file': null,
    'file-to-dir': null,
    'new [x].txt': 'added',
    '.env': 'FROM_REPO=2\n',
    'venv/bin/python': '#!/bin/sh\nexit 2\n',
  };
  const V2_DIRS: Record<string, string> = { 'dir-to-file': 'now a file', 'file-to-dir/y.txt': 'now in a directory' };

  async function write(dir: string, files: Record<string, string | null>): Promise<void> {
    for (const [name, text] of Object.entries(files)) {
      if (text === null) rmSync(join(dir, name), { recursive: true, force: true });
      else {
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), text);
      }
    }
  }

  /** Files and links below `dir` ("<type> <path>"), top-level entries in `skip` left out. */
  function filesBelow(dir: string, skip: readonly string[]): string[] {
    const out = execFileSync('find', ['.', '-mindepth', '1', '!', '-type', 'd', '-printf', '%y %P\\0'], { cwd: dir, encoding: 'utf8' });
    return out
      .split('\0')
      .filter((e) => e !== '' && !skip.includes(e.slice(2).split('/')[0]!))
      .sort();
  }

  /** What the commit holds ("<type> <path>"), top-level entries in `skip` left out, plus REVISION. */
  function filesOfCommit(repoDir: string, sha: string, skip: readonly string[]): string[] {
    const out = execFileSync('git', ['-C', repoDir, 'ls-tree', '-r', '-z', '--full-tree', sha], { encoding: 'utf8' });
    const entries = out
      .split('\0')
      .filter(Boolean)
      .map((e) => `${e.startsWith('120000') ? 'l' : 'f'} ${e.slice(e.indexOf('\t') + 1)}`);
    return [...entries, 'f REVISION'].filter((e) => !skip.includes(e.slice(2).split('/')[0]!)).sort();
  }

  /** v1: two links out of the app (absolute, and relative up); v2 makes each a directory with a file. */
  async function linksOut(repoDir: string, outside: string): Promise<() => Promise<void>> {
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'theirs.txt'), 'theirs\n');
    await symlink(outside, join(repoDir, 'link-out'));
    await symlink('../../..', join(repoDir, 'up-out'));
    return async () => {
      rmSync(join(repoDir, 'link-out'));
      rmSync(join(repoDir, 'up-out'));
      await write(repoDir, { 'link-out/inside.txt': 'in the app\n', 'up-out/inside.txt': 'in the app\n' });
    };
  }

  const TRASH_EXTRA = `    keep_releases: 2
tasks:
  check: {command: "test ! -e FAIL", paths: [FAIL]}
`;

  const IN_PLACE_KEPT = ['.deploy', 'backups', 'shared', 'venv', 'tmp', '.env', 'db.sqlite3', 'uploads', '__pycache__'];

  it(
    'in-place: hostile names and a repo committing the protected paths; a failed deploy restores its snapshot; host data all kept',
    async () => {
      const extra = `    exclude: [uploads/]
    backup: {engine: sqlite, path: db.sqlite3}
tasks:
  check: {command: "test ! -e FAIL", paths: [FAIL]}
`;
      const { repoDir, path, repo, deploy } = await setup('inp-names', 'in-place', ['.env'], extra);
      const db = join(path, 'db.sqlite3');
      const hostData: Record<string, string> = {
        '.env': 'SECRET=host\n',
        'backups/old.sql.gz': 'an older backup\n',
        'shared/NOTES.txt': "the user's\n",
        'uploads/photo.jpg': 'a user upload\n',
      };
      await write(path, hostData);
      execFileSync('sqlite3', [db, "create table t(x); insert into t values ('kept');"]);
      const kept = () => {
        for (const [name, text] of Object.entries(hostData)) expect(readFileSync(join(path, name), 'utf8'), name).toBe(text);
        expect(readFileSync(join(path, 'venv', 'bin', 'python'), 'utf8')).toBe('#!/bin/sh\nexit 0\n');
        expect(execFileSync('sqlite3', [db, 'select x from t'], { encoding: 'utf8' })).toBe('kept\n');
        expect(existsSync(join(path, 'pwned'))).toBe(false);
        expect(readdirSync(join(path, '.deploy'))).not.toContain('evil');
        expect(readdirSync(outside)).toEqual(['theirs.txt']);
        expect(existsSync(join(path, '..', '..', 'inside.txt'))).toBe(false);
      };
      await write(repoDir, { ...HOSTILE, ...AT_PROTECTED });
      const outside = join(tmp, 'inp-names', 'outside');
      const linksToDirs = await linksOut(repoDir, outside);
      const v1 = repo.commit('v1: hostile names, protected paths committed');
      const r1 = await deploy();
      expect(r1.code, r1.stderr).toBe(0);
      expect(filesBelow(path, IN_PLACE_KEPT)).toEqual(filesOfCommit(repoDir, v1, IN_PLACE_KEPT));
      expect(readFileSync(join(path, '$(touch pwned).txt'), 'utf8')).toBe('dollar');
      kept();
      await write(repoDir, V2);
      await write(repoDir, V2_DIRS);
      await linksToDirs();
      const v2 = repo.commit('v2: changes');
      const r2 = await deploy();
      expect(r2.code, r2.stderr).toBe(0);
      expect(filesBelow(path, IN_PLACE_KEPT)).toEqual(filesOfCommit(repoDir, v2, IN_PLACE_KEPT));
      kept();
      await write(repoDir, { FAIL: 'yes\n', 'star*.txt': 'never live', '+ plus.txt': null });
      repo.commit('v3: fails its task');
      const r3 = await deploy();
      expect(r3.code).toBe(1);
      expect(r3.stderr).toContain('task check failed');
      expect(filesBelow(path, IN_PLACE_KEPT)).toEqual(filesOfCommit(repoDir, v2, IN_PLACE_KEPT));
      kept();
    },
    LONG,
  );

  it(
    'in-place: a first deploy onto a hand-made tree moves what the commit lacks to .deploy/trash/<id>, byte for byte, and says so; the trash is pruned to keep_releases',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('inp-trash', 'in-place', [], TRASH_EXTRA);
      const jpeg = randomBytes(4096);
      await mkdir(join(path, 'media'));
      await writeFile(join(path, 'media', 'x.jpg'), jpeg);
      const v1 = repo.commit('v1');
      const r1 = await deploy();
      expect(r1.code, r1.stderr).toBe(0);
      const trash = join(path, '.deploy', 'trash');
      const line = `in place: 2 paths not in the commit were removed from ${path}; kept in ${join(trash, v1)} (media/x.jpg)`;
      expect(r1.stderr).toContain(line);
      expect(r1.json.notes).toContain(line);
      expect(existsSync(join(path, 'media'))).toBe(false);
      expect(readFileSync(join(trash, v1, 'media', 'x.jpg')).equals(jpeg)).toBe(true);
      // each later deploy that replaces a file gets its own trash; only the newest keep_releases stay
      const ids = [v1];
      for (const n of [2, 3]) {
        await write(repoDir, { 'filler-0.txt': `v${n}\n` });
        ids.push(repo.commit(`v${n}`));
        const r = await deploy();
        expect(r.code, r.stderr).toBe(0);
        expect(readFileSync(join(trash, ids[n - 1]!, 'filler-0.txt'), 'utf8')).toBe(n === 2 ? '0\n' : 'v2\n');
      }
      expect(readdirSync(trash).sort()).toEqual(ids.slice(1).sort());
      // a failed deploy: the restore of v3's snapshot moves the failed commit's new files to a trash of its own
      await write(repoDir, { FAIL: 'yes\n', 'new.txt': 'only in v4\n' });
      const v4 = repo.commit('v4: fails its task');
      const r4 = await deploy();
      expect(r4.code).toBe(1);
      const v3 = ids[2]!;
      expect(r4.stderr).toMatch(
        new RegExp(`in place: 2 paths not in the snapshot of ${v3.slice(0, 12)} were removed from .*; kept in .*/trash/${v3}\\.2 \\(`),
      );
      expect(r4.json.notes.join('\n')).toContain(`kept in ${join(trash, `${v3}.2`)}`);
      expect(readFileSync(join(trash, `${v3}.2`, 'new.txt'), 'utf8')).toBe('only in v4\n');
      expect(existsSync(join(path, 'new.txt'))).toBe(false);
      // the upload of v4 replaced REVISION (trash <v4>), the restore made <v3>.2: the newest two
      expect(readdirSync(trash).sort()).toEqual([v4, `${v3}.2`].sort());
    },
    LONG,
  );

  it(
    "in-place: exclude [uploads/] keeps an uploads symbolic link (to the user's upload store) through deploys",
    async () => {
      const { repoDir, path, repo, deploy } = await setup('inp-uploads-link', 'in-place', [], '    exclude: [uploads/]\n');
      const store = join(tmp, 'inp-uploads-link', 'upload-store');
      await write(store, { 'photo.jpg': 'a user upload\n' });
      await symlink(store, join(path, 'uploads'));
      repo.commit('v1');
      for (const n of [1, 2]) {
        if (n === 2) await write(repoDir, { 'filler-0.txt': 'v2\n' }).then(() => repo.commit('v2'));
        const r = await deploy();
        expect(r.code, r.stderr).toBe(0);
        expect(readlinkSync(join(path, 'uploads'))).toBe(store);
      }
      expect(readFileSync(join(store, 'photo.jpg'), 'utf8')).toBe('a user upload\n');
    },
    LONG,
  );

  it(
    'releases: the same names through the full upload, then the diff upload',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('rel-names', 'releases', ['.env']);
      const skip = ['.env', 'tmp', '__pycache__'];
      await write(repoDir, { ...HOSTILE, ...AT_PROTECTED });
      const outside = join(tmp, 'rel-names', 'outside');
      const linksToDirs = await linksOut(repoDir, outside);
      const v1 = repo.commit('v1');
      expect((await deploy()).code).toBe(0);
      expect(filesBelow(join(path, 'releases', v1), skip)).toEqual(filesOfCommit(repoDir, v1, skip));
      await write(repoDir, V2);
      await write(repoDir, V2_DIRS);
      await linksToDirs();
      const v2 = repo.commit('v2');
      const r2 = await deploy();
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stderr).toMatch(/upload: \d+ changed paths of \d+ \(diff from/);
      expect(filesBelow(join(path, 'releases', v2), skip)).toEqual(filesOfCommit(repoDir, v2, skip));
      expect(readFileSync(join(path, 'releases', v2, 'star*.txt'), 'utf8')).toBe('star v2');
      expect(existsSync(join(path, 'releases', v2, 'pwned'))).toBe(false);
      expect(readdirSync(outside)).toEqual(['theirs.txt']);
      expect(existsSync(join(path, 'releases', 'inside.txt'))).toBe(false);
      expect(readFileSync(join(path, 'releases', v2, 'up-out', 'inside.txt'), 'utf8')).toBe('in the app\n');
    },
    LONG,
  );
});

describe.runIf(ready && (await ensureMariadb()))('in place, the env file a backup reads its password from (real MariaDB)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  const id = randomBytes(4).toString('hex');
  const DB = `gd_inpenv_${id}`;

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-inplace-envfile');
    await createMariadbDb(DB, DB, `pw ${id}`);
  });

  afterAll(async () => {
    await dropMariadbDb(DB, DB).catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it(
    'password_env_file inside the path, not in shared: kept by every deploy, so the next backup still reads it',
    async () => {
      const envFile = 'DJANGO_SECRET=x\nDB_PASSWORD=pw ' + id + '\n';
      const backup = `{engine: mariadb, database: ${DB}, user: ${DB}, host: 127.0.0.1, password_env: DB_PASSWORD, password_env_file: db.env}`;
      const { repoDir, path, repo } = await passengerApp(tmp, sshd.port, 'in-place', `    backup: ${backup}\n`);
      await writeFile(join(path, 'db.env'), envFile);
      repo.commit('v1');
      const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
      const deploy = (): Promise<CliRun> => runCli(['deploy', '--repo', repoDir, '--json'], env);
      const v1 = await deploy();
      expect(v1.code, v1.stderr).toBe(0);
      expect(readFileSync(join(path, 'db.env'), 'utf8')).toBe(envFile);
      await writeFile(join(repoDir, 'passenger_wsgi.py'), 'application = None  # v2\n');
      repo.commit('v2');
      const v2 = await deploy();
      expect(v2.code, v2.stderr).toBe(0);
      expect(v2.json.backup.file).toMatch(/\.sql\.gz$/);
      expect(readFileSync(join(path, 'db.env'), 'utf8')).toBe(envFile);
    },
    LONG,
  );
});
