/**
 * Issue #13 items 4 and 5 on real components (sshd, rsync, docker-compose v1, a real MariaDB in a
 * compose service, SQLite): a first deploy backs up a database that exists (DHIS2's case: a
 * compose `db` started by hand with the same project, data in it) and skips with a reason when
 * there is none yet (SQLite the app creates on first start); a deployed target that lost its
 * database stops before anything changes; `backup --drill` works for a compose-service database.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import {
  buildHostBinariesImage,
  hostMariadbBinaries,
  mariadbInContainer,
  mariadbServiceYaml,
  waitForMariadbInContainer,
} from './harness/db-container.js';
import { buildBusyboxBaseImage, compose, containerIds, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + docker-compose v1 + sqlite3 + mariadb binaries',
  sshdAvailable() && (await dockerAvailable()) && existsSync('/usr/bin/sqlite3') && (await hostMariadbBinaries()),
);

const listing = async (dir: string): Promise<string[]> => (existsSync(dir) ? (await readdir(dir)).sort() : []);

describe.runIf(ready)('first deploys and the pre-deploy backup (issue #13 item 4)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};
  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-first-backup');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });
  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  describe('sqlite created by the app on first start', () => {
    const project = uniqueProject('gdlite');
    let repo: AppRepo;
    let hostPath = '';
    let db = '';
    const deploy = () => runCli(['deploy', '--repo', repo.dir, '--target', 'lite', '--json'], env);

    beforeAll(async () => {
      hostPath = join(tmp, 'lite', 'app');
      db = join(hostPath, 'shared', 'db.sqlite3');
      const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('lite', sshd.port, hostPath, ['backup: {engine: sqlite, path: shared/db.sqlite3}', 'health: {services: true, timeout: 30s}'])}`;
      repo = await createAppRepo(FIXTURE, join(tmp, 'lite', 'repo'), { '.github/deploy.yml': config });
      await mkdir(join(hostPath, 'shared'), { recursive: true });
      await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=keep-me\n');
    });
    afterAll(() => removeProject(project));

    it('first deploy, no database yet: the deploy succeeds and says why there is no backup', async () => {
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.result).toBe('success');
      expect(r.json.backup).toBeUndefined();
      const reason = `backup skipped: no database to back up yet (first deploy): sqlite database ${db} does not exist`;
      expect(r.json.notes).toContain(reason);
      expect(r.stderr).toContain(reason);
      expect(await listing(join(hostPath, 'backups'))).toEqual([]);
      expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${repo.head()}`);
    }, 240_000);

    it('once the app created it, the next deploy backs it up', async () => {
      execFileSync('sqlite3', [db, "CREATE TABLE users(name); INSERT INTO users VALUES ('first-user');"]);
      await repo.commit('template', { 'app/templates/index.html': '<h1>v2</h1>\n' });
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      const restored = join(tmp, 'lite', 'restored.sqlite3');
      await writeFile(restored, gunzipSync(await readFile(r.json.backup.file)));
      expect(execFileSync('sqlite3', [restored, 'SELECT name FROM users'], { encoding: 'utf8' }).trim()).toBe('first-user');
    }, 240_000);

    it('the database deleted under a live release: the deploy fails loudly and changes nothing', async () => {
      const live = repo.head();
      await rm(db);
      await repo.commit('template v3', { 'app/templates/index.html': '<h1>v3</h1>\n' });
      const before = {
        current: readlinkSync(join(hostPath, 'current')),
        releases: await listing(join(hostPath, 'releases')),
        backups: await listing(join(hostPath, 'backups')),
        state: readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8'),
        containers: await containerIds(project),
      };
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `backup failed: the database of target lite is gone: sqlite database ${db} does not exist, although release ${live.slice(0, 12)} is live`,
      );
      expect(r.stderr).toContain('the deploy stopped before changing anything');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readlinkSync(join(hostPath, 'current'))).toBe(before.current);
      expect(await listing(join(hostPath, 'releases'))).toEqual(before.releases);
      expect(await listing(join(hostPath, 'backups'))).toEqual(before.backups);
      expect(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8')).toBe(before.state);
      expect(await containerIds(project)).toEqual(before.containers);
      expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
      expect(existsSync(db)).toBe(false);
    }, 240_000);
  });

  describe("DHIS2's case: a compose `db` started by hand (real MariaDB in the container) with data", () => {
    const project = uniqueProject('gddhis');
    const PASSWORD = `hand $run "pw" ${project}`;
    let repo: AppRepo;
    let hostPath = '';
    const cli = (...args: string[]) => runCli([...args, '--repo', repo.dir, '--target', 'dhis', '--json'], env);
    const dbContainer = async () => (await containerIds(project)).db!;

    beforeAll(async () => {
      await buildHostBinariesImage();
      hostPath = join(tmp, 'dhis', 'app');
      const fixtureCompose = readFileSync(join(FIXTURE, 'docker', 'docker-compose.yml'), 'utf8');
      const composeYaml = `${fixtureCompose.slice(0, fixtureCompose.indexOf('\n  db:\n') + 1)}${mariadbServiceYaml('db', 'dbdata')}volumes:\n  dbdata: {}\n`;
      const backup = 'backup: {engine: mariadb, service: db, database: dhis, user: dhis, password_env: DB_PASSWORD}';
      const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('dhis', sshd.port, hostPath, [backup, 'health: {services: true, timeout: 30s}'])}`;
      repo = await createAppRepo(FIXTURE, join(tmp, 'dhis', 'repo'), {
        '.github/deploy.yml': config,
        'docker/docker-compose.yml': composeYaml,
      });
      // started by hand from a checkout elsewhere, with the same compose project
      const hand = join(tmp, 'dhis', 'hand');
      await cp(join(repo.dir, 'docker'), join(hand, 'docker'), { recursive: true });
      await compose({ cwd: join(hand, 'docker'), project, file: 'docker-compose.yml' }, ['up', '-d', 'db']);
      await waitForMariadbInContainer(await dbContainer());
      await mariadbInContainer(
        await dbContainer(),
        [
          'CREATE DATABASE dhis;',
          `CREATE USER 'dhis'@'localhost' IDENTIFIED BY '${PASSWORD}';`,
          "GRANT ALL ON dhis.* TO 'dhis'@'localhost';",
          "GRANT ALL ON `dhis\\_gd\\_drill\\_%`.* TO 'dhis'@'localhost';",
          'CREATE TABLE dhis.visits (id INT PRIMARY KEY, who VARCHAR(40));',
          "INSERT INTO dhis.visits VALUES (1, 'hand-run'), (2, 'before-gitops');",
        ].join('\n'),
      );
      await mkdir(join(hostPath, 'shared'), { recursive: true });
      await writeFile(join(hostPath, 'shared', '.env'), `SECRET_KEY=x\nDB_PASSWORD='${PASSWORD}'\n`);
    }, 120_000);
    afterAll(() => removeProject(project), 60_000);

    it('the first deploy backs the running database up before taking the project over', async () => {
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('no running database service');
      expect(r.json.backup.file).toMatch(/backups\/dhis-\d{8}T\d{6}Z-[0-9a-f]{12}\.sql\.gz$/);
      const dump = gunzipSync(await readFile(r.json.backup.file)).toString();
      expect(dump).toMatch(/INSERT INTO `visits` VALUES\s*\(1,'hand-run'\),\s*\(2,'before-gitops'\);/);
      expect(dump).toContain('-- Dump completed');
      expect(dump).not.toContain(PASSWORD);
      await waitForMariadbInContainer(await dbContainer());
      expect(await mariadbInContainer(await dbContainer(), 'SELECT COUNT(*) FROM visits', 'dhis')).toBe('2');
    }, 240_000);

    it('backup --drill restores into a scratch database in the compose service and runs the smoke query (issue #13 item 5)', async () => {
      const r = await cli('backup', '--drill');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/arithmetic|division by zero/);
      expect(r.json.drill).toMatchObject({ value: '1', query: expect.stringContaining('information_schema.tables') });
      expect(r.json.notes.join('\n')).toMatch(
        /restore drill passed: dhis-.*\.sql\.gz restored into scratch dhis_gd_drill_[0-9a-f]+ .*smoke query returned 1/,
      );
      expect(
        await mariadbInContainer(
          await dbContainer(),
          "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 'dhis\\_gd\\_drill\\_%'",
        ),
      ).toBe('0');
    }, 240_000);
  });
});
