/**
 * Issues #13 (items 1, 2, 6) and #14 (modes) on real components: a compose target with layout
 * in-place over a real sshd whose sessions run with umask 002 (a shared host's login default), a
 * SQLite database inside the deploy path, and files the user put under <path>/shared/ before the
 * first deploy, as the docs say. Nothing of it may be lost by a deploy, a rollback or the
 * automatic revert, and nothing deployed may be writable by the group or others.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { countEntries, groupOrOtherWritable } from './harness/modes.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine + docker-compose v1 + sqlite3', sshdAvailable() && (await dockerAvailable()));
// deploys build four images: minutes on a loaded 2-core machine
const LONG = 480_000;

const ENV_FILE = 'FIXTURE_BASE_IMAGE=gitops-fixture-base:latest\n# the user wrote this before the first deploy\n';

describe.runIf(ready)('compose in-place: host data under <path> survives deploys and rollbacks (#13, #14)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  let db = '';
  const project = uniqueProject('gdinplacedata');
  let env: Record<string, string> = {};
  const cli = (cmd: string, ...extra: string[]) => runCli([cmd, '--repo', repo.dir, '--json', ...extra], env);
  const sql = (q: string) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd({ umask: '002' });
    tmp = await makeTempDir('gitops-e2e-inplace-data');
    hostPath = join(tmp, 'srv', 'app');
    db = join(hostPath, 'data', 'app.sqlite3');
    const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:
  vps:
    strategy: compose
    host: root@127.0.0.1
    port: ${sshd.port}
    path: ${hostPath}
    layout: in-place
    shared: [docker/.env, logs/, media/]
    backup: {engine: sqlite, path: data/app.sqlite3}
    health: {timeout: 20s}
`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    // what a user following the docs prepares: shared paths in <path>/shared/
    for (const dir of ['docker', 'logs', 'media']) await mkdir(join(hostPath, 'shared', dir), { recursive: true });
    await writeFile(join(hostPath, 'shared', 'docker', '.env'), ENV_FILE);
    await writeFile(join(hostPath, 'shared', 'logs', 'app.log'), 'log line\n');
    await writeFile(join(hostPath, 'shared', 'media', 'photo.jpg'), 'upload');
    await writeFile(join(hostPath, 'shared', 'NOTES.txt'), "not a shared entry, still the user's\n");
    // the app's database, inside the deploy path and not in git
    await mkdir(join(hostPath, 'data'), { recursive: true });
    sql("create table t(x text); insert into t values ('before the first deploy');");
  }, LONG);

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  const expectSharedKept = () => {
    expect(readFileSync(join(hostPath, 'shared', 'docker', '.env'), 'utf8')).toBe(ENV_FILE);
    expect(readFileSync(join(hostPath, 'shared', 'logs', 'app.log'), 'utf8')).toBe('log line\n');
    expect(readFileSync(join(hostPath, 'shared', 'media', 'photo.jpg'), 'utf8')).toBe('upload');
    expect(readFileSync(join(hostPath, 'shared', 'NOTES.txt'), 'utf8')).toContain("still the user's");
  };

  it(
    'the first deploy keeps <path>/shared/ and links its entries into the tree',
    async () => {
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expectSharedKept();
      expect(lstatSync(join(hostPath, 'docker', '.env')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(hostPath, 'docker', '.env'))).toBe(join(hostPath, 'shared', 'docker', '.env'));
      expect(readFileSync(join(hostPath, 'docker', '.env'), 'utf8')).toBe(ENV_FILE);
      expect(readFileSync(join(hostPath, 'media', 'photo.jpg'), 'utf8')).toBe('upload');
      expect(readFileSync(join(hostPath, 'logs', 'app.log'), 'utf8')).toBe('log line\n');
      expect(sql('select count(*) from t')).toBe('1');
      expect(Object.keys(await containerIds(project))).toHaveLength(6);
    },
    LONG,
  );

  it(
    'deploy v2 (with its backup), then rows are written',
    async () => {
      sql("insert into t values ('written on v1');");
      await repo.commit('template v2', { 'app/templates/index.html': '<p>v2</p>\n' });
      const v2 = await cli('deploy');
      expect(v2.code, v2.stderr).toBe(0);
      expect(v2.json.backup.file).toMatch(/\.sqlite3\.gz$/);
      sql("insert into t values ('written on v2, before the rollback');");
    },
    LONG,
  );

  it(
    'rollback: the database is still there with every row written before it',
    async () => {
      const rb = await cli('rollback');
      expect(rb.code, rb.stderr).toBe(0);
      expect(existsSync(db)).toBe(true);
      expect(sql("select group_concat(x, '|') from t")).toBe('before the first deploy|written on v1|written on v2, before the rollback');
      expectSharedKept();
    },
    LONG,
  );

  it(
    'the next deploy after the rollback takes its backup and succeeds',
    async () => {
      await repo.commit('template v3', { 'app/templates/index.html': '<p>v3</p>\n' });
      const v3 = await cli('deploy');
      expect(v3.code, v3.stderr).toBe(0);
      expect(existsSync(v3.json.backup.file)).toBe(true);
      expect(sql('select count(*) from t')).toBe('3');
      expectSharedKept();
    },
    LONG,
  );

  it(
    'a failed deploy reverted in place keeps the database and <path>/shared/',
    async () => {
      await repo.commit('unhealthy', { UNHEALTHY: 'yes\n', 'app/templates/index.html': '<p>v4</p>\n' });
      const r = await cli('deploy');
      expect(r.code).toBe(1);
      expect(r.json.result).toBe('rolled-back');
      expect(existsSync(join(hostPath, 'UNHEALTHY'))).toBe(false);
      expect(sql('select count(*) from t')).toBe('3');
      expectSharedKept();
      await repo.commit('healthy again', { UNHEALTHY: null });
    },
    LONG,
  );

  it(
    'a shared entry both in the tree and in <path>/shared is refused before anything changes',
    async () => {
      const revision = readFileSync(join(hostPath, 'REVISION'), 'utf8');
      await removeTree(join(hostPath, 'logs'));
      await mkdir(join(hostPath, 'logs'));
      await writeFile(join(hostPath, 'logs', 'in-tree.log'), 'written in place\n');
      await repo.commit('template v5', { 'app/templates/index.html': '<p>v5</p>\n' });
      const backups = readdirSync(join(hostPath, 'backups')).sort();
      const r = await cli('deploy');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`layout in-place: logs exists both in the tree and in ${join(hostPath, 'shared')}`);
      expect(r.stderr).toContain('Nothing was changed.');
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(readFileSync(join(hostPath, 'REVISION'), 'utf8')).toBe(revision);
      // refused before the backup: nothing written, nothing recorded
      expect(readdirSync(join(hostPath, 'backups')).sort()).toEqual(backups);
      expect(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8')).not.toContain(repo.head());
      expect(readFileSync(join(hostPath, 'logs', 'in-tree.log'), 'utf8')).toBe('written in place\n');
      expectSharedKept();
      // the user keeps one copy: the deploy goes through and links it
      await removeTree(join(hostPath, 'logs'));
      const again = await cli('deploy');
      expect(again.code, again.stderr).toBe(0);
      expect(readFileSync(join(hostPath, 'logs', 'app.log'), 'utf8')).toBe('log line\n');
    },
    LONG,
  );

  it('nothing deployed is writable by the group or others, although the host umask is 002', () => {
    // shared/ holds the files this test wrote itself; the database is sqlite3's
    const skip = ['shared', 'data'];
    expect(countEntries(hostPath)).toBeGreaterThan(20);
    expect(groupOrOtherWritable(hostPath, skip)).toEqual([]);
  });
});
