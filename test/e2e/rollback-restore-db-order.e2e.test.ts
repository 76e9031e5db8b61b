/**
 * Compose `rollback --restore-db` on real components (sshd, compose v2 and v1, MariaDB): the database is
 * restored only once the target's code is ready (re-uploaded when pruned, its images back or
 * rebuilt), just before `up`; a failure before that leaves the database alone, a failure after it
 * (`up`, health) puts the database back with the code. The tests of the describe run in order.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb, mariadbQuery } from './harness/databases.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, logsOf, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + compose v2 and v1 + MariaDB',
  sshdAvailable() && (await dockerAvailable()) && (await ensureMariadb()),
);
const id = randomBytes(3).toString('hex');
const PASSWORD = `rdo-pw-${id}`;
const COMMANDS = [
  ['v2', 'docker compose'],
  ['v1', 'docker-compose'],
] as const;
const LONG = 600_000;

const phases = (r: CliRun): string[] => r.json.phases.map((p: { name: string }) => p.name);
const stateFile = (hostPath: string) => join(hostPath, '.deploy', 'state.json');

describe.runIf(ready).each(COMMANDS)(
  'compose %s rollback --restore-db: restored once the code is ready, put back on a later failure',
  (v, command) => {
    const DB = `gd_rdo_${v}_${id}`;
    let sshd: SshdHandle;
    let tmp = '';
    let env: Record<string, string> = {};
    let repo: AppRepo;
    let hostPath = '';
    let config = '';
    const project = uniqueProject(`gdrdo${v}`);
    const shas: Record<string, string> = {};
    const rows = () => mariadbQuery(DB, 'SELECT GROUP_CONCAT(v ORDER BY v) FROM t');
    const cli = (cmd: string, ...extra: string[]) =>
      runCli([cmd, '--repo', repo.dir, '--config', config, '--target', 'vps', '--json', ...extra], env);
    const releaseA = (...p: string[]) => join(hostPath, 'releases', shas.A!, ...p);
    /** A's recorded web image unknown to the engine: the rollback rebuilds it from A's release directory. */
    async function forgetImageOfA(): Promise<void> {
      const st = JSON.parse(readFileSync(stateFile(hostPath), 'utf8'));
      st.releases.find((x: { id: string }) => x.id === shas.A).images.web.id = `sha256:${'0'.repeat(64)}`;
      await writeFile(stateFile(hostPath), JSON.stringify(st));
    }
    /** Replaces a file of A's release directory by a new inode (its files are hard links shared with B's). */
    async function replaceInA(rel: string, text: string): Promise<void> {
      await writeFile(`${releaseA(rel)}.new`, text);
      await rename(`${releaseA(rel)}.new`, releaseA(rel));
    }
    /** B still live on its own data: current, web's release, the rows, no lock left. */
    async function expectBLive(): Promise<void> {
      expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${shas.B}`);
      expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${shas.B}`);
      expect(await rows()).toBe('a,b');
      expect(JSON.parse(readFileSync(stateFile(hostPath), 'utf8')).current).toBe(shas.B);
    }

    beforeAll(async () => {
      await buildBusyboxBaseImage();
      sshd = await startSshd();
      tmp = await makeTempDir(`gitops-e2e-rdb-order-${v}`);
      env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, GITOPS_DB_PASSWORD: PASSWORD };
      await createMariadbDb(DB, DB, PASSWORD);
      await mariadbQuery(DB, 'CREATE TABLE t (v VARCHAR(10) PRIMARY KEY);');
      hostPath = join(tmp, 'host');
      config = join(tmp, 'deploy.yml');
      repo = await createAppRepo(FIXTURE, join(tmp, 'repo'));
      await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
      await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
      const backup = `backup: {engine: mariadb, database: ${DB}, user: ${DB}, host: 127.0.0.1, keep: 10}`;
      const target = composeTarget('vps', sshd.port, hostPath, [backup, 'health: {services: true, timeout: 20s}']);
      await writeFile(config, `${fixtureHeader(project, command)}${FIXTURE_RULES}targets:\n${target}`);
    });

    afterAll(async () => {
      await removeProject(project);
      await dropMariadbDb(DB, DB).catch(() => undefined);
      await sshd?.stop();
      if (tmp) await removeTree(tmp);
    });

    it(
      'deploys A (row a), then B (template change, row b)',
      async () => {
        shas.A = repo.head();
        const a = await cli('deploy');
        expect(a.code, a.stderr).toBe(0);
        await mariadbQuery(DB, "INSERT INTO t VALUES ('a');");
        shas.B = await repo.commit('B', { 'app/templates/index.html': '<h1>B</h1>\n' });
        const b = await cli('deploy');
        expect(b.code, b.stderr).toBe(0);
        await mariadbQuery(DB, "INSERT INTO t VALUES ('b');");
        await expectBLive();
      },
      LONG,
    );

    it(
      "a rebuild of A's image that fails: the database is not restored",
      async () => {
        await forgetImageOfA();
        const dockerfile = readFileSync(releaseA('docker', 'Dockerfile'), 'utf8');
        await replaceInA('docker/Dockerfile', 'THIS IS NOT A DOCKERFILE\n');
        const r = await cli('rollback', '--restore-db').finally(() => replaceInA('docker/Dockerfile', dockerfile));
        expect(r.code).not.toBe(0);
        expect(r.json.warnings.join('\n')).toMatch(/image of web for [0-9a-f]{12} is no longer on the host: rebuilt/);
        expect(r.stderr).toContain('THIS');
        await expectBLive();
        expect(phases(r)).not.toContain('Restore database');
        expect(phases(r)).not.toContain('Apply');
      },
      LONG,
    );

    it(
      'A unhealthy after the restore: the undo puts the database back from the safety backup, with the code',
      async () => {
        await forgetImageOfA();
        await writeFile(releaseA('UNHEALTHY'), 'yes\n');
        const r = await cli('rollback', '--restore-db').finally(() => rm(releaseA('UNHEALTHY')));
        expect(r.code).toBe(1);
        const notes = r.json.notes.join('\n');
        const safety = notes.match(/database put back from (\S+?);/);
        expect(safety, notes).not.toBeNull();
        // the database as the failed rollback left it (A's rows) is kept in a file too, named after A
        const files = readdirSync(join(hostPath, 'backups'));
        expect(files).toContain(safety![1]);
        expect(
          files.some((f) => f > safety![1]! && f.includes(shas.A!.slice(0, 12))),
          files.join(' '),
        ).toBe(true);
        expect(notes).not.toContain('the database was restored');
        const order = phases(r);
        expect(order).toEqual(expect.arrayContaining(['Images', 'Safety backup', 'Restore database', 'Apply', 'Undo']));
        expect(order.indexOf('Images')).toBeLessThan(order.indexOf('Restore database'));
        expect(order.indexOf('Restore database')).toBeLessThan(order.indexOf('Apply'));
        await expectBLive();
      },
      LONG,
    );

    it(
      'a re-upload of pruned A that fails: the database is not restored',
      async () => {
        await rm(releaseA(), { recursive: true });
        const blob = repo.git('rev-parse', `${shas.A}:app/templates/index.html`).trim();
        const object = join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
        await rename(object, `${object}.aside`);
        const r = await cli('rollback', '--restore-db').finally(() => rename(`${object}.aside`, object));
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(/release directory of [0-9a-f]{12} was pruned: uploading its files again/);
        await expectBLive();
        expect(phases(r)).not.toContain('Restore database');
      },
      LONG,
    );

    it(
      "the same rollback once the repository is whole: A's code, then A's rows",
      async () => {
        execFileSync('git', ['fsck', '--no-dangling'], { cwd: repo.dir });
        const r = await cli('rollback', '--restore-db');
        expect(r.code, r.stderr).toBe(0);
        expect(phases(r)).toEqual([
          'Connect',
          'Lock',
          'Plan',
          'Upload',
          'Images',
          'Build',
          'Safety backup',
          'Restore database',
          'Apply',
          'Verify',
          'Record',
        ]);
        expect(await rows()).toBe('a');
        expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${shas.A}`);
        expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${shas.A}`);
      },
      LONG,
    );
  },
);
