/**
 * Issue #5 on real components: `gitops-deploy rollback` and `status` over a real sshd, compose v1 on
 * a real engine, host-mode MariaDB and PostgreSQL backups. Deploys are reused across the tests of
 * each scenario (a deploy of the fixture takes seconds), so the tests of a describe run in order.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import {
  createMariadbDb,
  createPostgresDb,
  dropMariadbDb,
  dropPostgresDb,
  ensureMariadb,
  ensurePostgres,
  mariadbQuery,
  postgresQuery,
} from './harness/databases.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, imageIdOf, logsOf, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + docker-compose v1 + MariaDB + PostgreSQL',
  sshdAvailable() && (await dockerAvailable()) && (await ensureMariadb()) && (await ensurePostgres()),
);
const id = randomBytes(3).toString('hex');
const DB = `gd_rb_${id}`;
const PASSWORD = `rb'pw"${id}`;
// three deploys, two dumps and a restore: minutes on a loaded 2-core machine
const LONG = 600_000;

function configYaml(project: string, port: number, path: string, backup: string): string {
  return `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('vps', port, path, [`backup: ${backup}`, 'health: {services: true, timeout: 20s}'])}`;
}

const state = (hostPath: string) => JSON.parse(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8'));
const auditLines = (hostPath: string) =>
  readFileSync(join(hostPath, '.deploy', 'audit.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const phases = (r: CliRun): string[] => r.json.phases.map((p: { name: string }) => p.name);
const changed = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(b)
    .filter((s) => a[s] !== b[s])
    .sort();

interface Scenario {
  repo: AppRepo;
  hostPath: string;
  project: string;
  config: string;
}

describe.runIf(ready)('rollback and status over real SSH (issue #5)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};
  const cli = (sc: Scenario, cmd: string, ...extra: string[]) =>
    runCli([cmd, '--repo', sc.repo.dir, '--config', sc.config, '--target', 'vps', '--json', ...extra], env);

  async function scenario(name: string, backup: string): Promise<Scenario> {
    const project = uniqueProject(`gdrb${name}`);
    const hostPath = join(tmp, name, 'host');
    const config = join(tmp, name, 'deploy.yml');
    const repo = await createAppRepo(FIXTURE, join(tmp, name, 'repo'));
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    await writeFile(config, configYaml(project, sshd.port, hostPath, backup));
    return { repo, hostPath, project, config };
  }

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-rollback');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, GITOPS_DB_PASSWORD: PASSWORD };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  describe('MariaDB target', () => {
    let sc: Scenario;
    const rows = () => mariadbQuery(DB, 'SELECT GROUP_CONCAT(v ORDER BY v) FROM t');
    const shas: Record<string, string> = {};

    beforeAll(async () => {
      await createMariadbDb(DB, DB, PASSWORD);
      await mariadbQuery(DB, 'CREATE TABLE t (v VARCHAR(10) PRIMARY KEY);');
      sc = await scenario('maria', `{engine: mariadb, database: ${DB}, user: ${DB}, host: 127.0.0.1, keep: 10}`);
    });

    afterAll(async () => {
      if (sc) await removeProject(sc.project);
      await dropMariadbDb(DB, DB).catch(() => undefined);
    });

    it(
      'deploys A, then B (template change)',
      async () => {
        shas.A = sc.repo.head();
        const a = await cli(sc, 'deploy');
        expect(a.code, a.stderr).toBe(0);
        await mariadbQuery(DB, "INSERT INTO t VALUES ('a');");
        shas.B = await sc.repo.commit('template', { 'app/templates/index.html': '<h1>B</h1>\n' });
        const b = await cli(sc, 'deploy');
        expect(b.code, b.stderr).toBe(0);
        expect(b.json.plan.build).toEqual(['web']);
        await mariadbQuery(DB, "INSERT INTO t VALUES ('b');");
      },
      LONG,
    );

    it(
      "rollback: A's web runs again on A's recorded image, nothing built, nothing else touched",
      async () => {
        const before = await containerIds(sc.project);
        const recordedA = state(sc.hostPath).releases.find((r: { id: string }) => r.id === shas.A).images;
        const r = await cli(sc, 'rollback');
        expect(r.code, r.stderr).toBe(0);
        expect(r.json).toMatchObject({ result: 'success', release: shas.A, previousRelease: shas.B });
        // the planner ran in reverse (B → A): only web differs
        expect(r.json.plan).toMatchObject({ from: shas.B, to: shas.A, build: ['web'] });
        expect(phases(r)).not.toContain('Build');
        expect(phases(r)).toEqual(['Connect', 'Lock', 'Plan', 'Images', 'Apply', 'Verify', 'Record']);
        const after = await containerIds(sc.project);
        expect(changed(before, after)).toEqual(['web']);
        expect(await imageIdOf(after.web!)).toBe(recordedA.web.id);
        expect(await logsOf(after.web!)).toContain(`release=${shas.A}`);
        expect(readlinkSync(join(sc.hostPath, 'current'))).toBe(`releases/${shas.A}`);
        const st = state(sc.hostPath);
        expect(st.current).toBe(shas.A);
        expect(st.releases.find((x: { id: string }) => x.id === shas.B).result).toBe('rolled-back');
        expect(auditLines(sc.hostPath).at(-1)).toMatchObject({
          command: 'rollback',
          from: shas.B,
          to: shas.A,
          result: 'success',
          services: { images: ['web'] },
        });
        expect(await rows()).toBe('a,b'); // no restore-db: the database is left alone
        expect(existsSync(join(sc.hostPath, '.deploy', 'lock'))).toBe(false);
      },
      LONG,
    );

    it(
      'rollback to a failed or an unknown release is refused with the valid choices; nothing changes',
      async () => {
        await sc.repo.commit('unhealthy', { UNHEALTHY: 'yes\n' });
        shas.F = sc.repo.head();
        const failed = await cli(sc, 'deploy');
        expect(failed.code).toBe(1);
        expect(failed.json.result).toBe('rolled-back');
        const before = await containerIds(sc.project);
        for (const to of [shas.F!, 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef']) {
          const r = await cli(sc, 'rollback', '--rollback-to', to);
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(to === shas.F ? /is recorded as failed/ : /unknown release "deadbeef/);
          expect(r.stderr).toContain(`valid choices: previous, ${shas.B!.slice(0, 12)} (`);
          expect(r.stderr).toContain('rolled back)');
        }
        expect(await containerIds(sc.project)).toEqual(before);
        expect(state(sc.hostPath).current).toBe(shas.A);
        expect(existsSync(join(sc.hostPath, '.deploy', 'lock'))).toBe(false);
      },
      LONG,
    );

    it(
      "rollback with restore-db brings back the rows of A's time after a safety backup",
      async () => {
        shas.C = await sc.repo.commit('C: template + migration', {
          UNHEALTHY: null,
          'app/templates/index.html': '<h1>C</h1>\n',
          'app/migrations/0002_more.py': '# migration 2\n',
        });
        const c = await cli(sc, 'deploy');
        expect(c.code, c.stderr).toBe(0);
        const preC = c.json.backup.file as string;
        await mariadbQuery(DB, "INSERT INTO t VALUES ('c');");

        const dry = await cli(sc, 'rollback', '--dry-run');
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.json.warnings.join('\n')).toMatch(/DATABASE SCHEMA NOT REVERTED: migrations differ .*app\/migrations\/0002_more.py/);
        expect(await rows()).toBe('a,b,c');

        const r = await cli(sc, 'rollback', '--restore-db');
        expect(r.code, r.stderr).toBe(0);
        expect(r.json).toMatchObject({ release: shas.A, previousRelease: shas.C });
        expect(r.json.warnings.join('\n')).not.toMatch(/SCHEMA NOT REVERTED/);
        expect(phases(r)).toEqual(['Connect', 'Lock', 'Plan', 'Images', 'Safety backup', 'Restore database', 'Apply', 'Verify', 'Record']);
        expect(await rows()).toBe('a,b');
        expect(r.json.backup.file).not.toBe(preC);
        expect(readFileSync(r.json.backup.file).length).toBeGreaterThan(0);
        expect(r.stdout).toContain(`database restored from ${preC.split('/').pop()}`);
        const web = (await containerIds(sc.project)).web!;
        expect(await logsOf(web)).toContain(`release=${shas.A}`);
        expect(auditLines(sc.hostPath).at(-1)).toMatchObject({
          command: 'rollback',
          result: 'success',
          restored: { file: preC },
          backup: { file: r.json.backup.file },
        });
      },
      LONG,
    );

    it(
      'status shows current, previous releases with their result, the lock and the backups (table and --json)',
      async () => {
        const r = await cli(sc, 'status');
        expect(r.code, r.stderr).toBe(0);
        const st = r.json.status;
        expect(st.current).toBe(shas.A);
        // A is current again since the last rollback, not since its first deploy
        expect(st.currentSince.via).toBe('rollback');
        expect(Date.parse(st.currentSince.at)).toBeGreaterThan(Date.parse(st.releases.find((x: { id: string }) => x.id === shas.A).at));
        expect(st.releases.map((x: { id: string; result: string }) => [x.id, x.result])).toEqual(
          expect.arrayContaining([
            [shas.A, 'success'],
            [shas.B, 'rolled-back'],
            [shas.F, 'failed'],
            [shas.C, 'rolled-back'],
          ]),
        );
        expect(st.lock).toBeNull();
        expect(st.backups.length).toBeGreaterThanOrEqual(3);
        expect(st.backups.every((b: { verified: boolean; size: number }) => b.verified && b.size > 0)).toBe(true);

        const lock = join(sc.hostPath, '.deploy', 'lock');
        await mkdir(lock);
        await writeFile(
          join(lock, 'info.json'),
          JSON.stringify({ runId: 'run-9', sha: 'f'.repeat(40), actor: 'bob', command: 'deploy', time: new Date().toISOString() }),
        );
        const table = await runCli(['status', '--repo', sc.repo.dir, '--config', sc.config, '--target', 'vps'], env);
        await rm(lock, { recursive: true });
        expect(table.code, table.stderr).toBe(0);
        expect(table.stdout).toContain(`current: ${shas.A} (current again since ${st.currentSince.at} by a rollback; first deployed `);
        expect(table.stdout).toMatch(/lock: HELD by run run-9 \(bob, deploy ffffffffffff, \d+ s ago\)/);
        expect(table.stdout).toContain(`| ${shas.B!.slice(0, 12)} |`);
        expect(table.stdout).toMatch(new RegExp(`\\| ${shas.F!.slice(0, 12)} \\| [^|]+ \\| [^|]+ \\| failed`));
        expect(table.stdout).toMatch(/\| vps-\d{8}T\d{6}Z-[0-9a-f]{12}\.sql\.gz \| [\d.]+ (?:B|KiB) \| yes \|/);
      },
      LONG,
    );

    it(
      "falls back to a rebuild from the release's files when the image is gone (and re-uploads a pruned release)",
      async () => {
        shas.D = await sc.repo.commit('D', { 'app/templates/index.html': '<h1>D</h1>\n' });
        expect((await cli(sc, 'deploy')).code).toBe(0);
        // A's release directory pruned, A's recorded web image unknown to the engine
        await rm(join(sc.hostPath, 'releases', shas.A!), { recursive: true });
        const st = state(sc.hostPath);
        st.releases.find((x: { id: string }) => x.id === shas.A).images.web.id = `sha256:${'0'.repeat(64)}`;
        await writeFile(join(sc.hostPath, '.deploy', 'state.json'), JSON.stringify(st));

        const r = await cli(sc, 'rollback');
        expect(r.code, r.stderr).toBe(0);
        expect(phases(r)).toEqual(['Connect', 'Lock', 'Plan', 'Upload', 'Images', 'Build', 'Apply', 'Verify', 'Record']);
        expect(r.stderr).toMatch(/release directory of [0-9a-f]{12} was pruned: uploading its files again/);
        expect(r.json.warnings.join('\n')).toMatch(
          /image of web for [0-9a-f]{12} is no longer on the host: rebuilt from the release's files/,
        );
        expect(await logsOf((await containerIds(sc.project)).web!)).toContain(`release=${shas.A}`);
        expect(auditLines(sc.hostPath).at(-1)).toMatchObject({ command: 'rollback', result: 'success', rebuilt: ['web'] });
      },
      LONG,
    );
  });

  describe('PostgreSQL target', () => {
    let sc: Scenario;
    const rows = () => postgresQuery(DB, "SELECT string_agg(v, ',' ORDER BY v) FROM t");

    beforeAll(async () => {
      await createPostgresDb(DB, DB, PASSWORD);
      await postgresQuery(DB, `CREATE TABLE t (v text PRIMARY KEY); ALTER TABLE t OWNER TO "${DB}";`);
      sc = await scenario('pg', `{engine: postgres, database: ${DB}, user: ${DB}, host: 127.0.0.1}`);
    });

    afterAll(async () => {
      if (sc) await removeProject(sc.project);
      await dropPostgresDb(DB, DB).catch(() => undefined);
    });

    it(
      "deploy A, deploy B, rollback with restore-db: A's rows and A's web are back",
      async () => {
        const A = sc.repo.head();
        expect((await cli(sc, 'deploy')).code).toBe(0);
        await postgresQuery(DB, "INSERT INTO t VALUES ('a');");
        const B = await sc.repo.commit('template', { 'app/templates/index.html': '<h1>B</h1>\n' });
        const b = await cli(sc, 'deploy');
        expect(b.code, b.stderr).toBe(0);
        await postgresQuery(DB, "INSERT INTO t VALUES ('b');");
        expect(await rows()).toBe('a,b');

        const r = await cli(sc, 'rollback', '--rollback-to', A.slice(0, 10), '--restore-db');
        expect(r.code, r.stderr).toBe(0);
        expect(r.json).toMatchObject({ release: A, previousRelease: B });
        expect(phases(r)).not.toContain('Build');
        expect(await rows()).toBe('a');
        expect(await logsOf((await containerIds(sc.project)).web!)).toContain(`release=${A}`);
      },
      LONG,
    );
  });
});
