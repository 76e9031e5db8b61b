/**
 * Compose `rollback --restore-db` on real components (sshd, compose v2 and v1, MariaDB): the database is
 * restored only once the target's code is ready (re-uploaded when pruned, its images back or
 * rebuilt), just before `up`; a failure before that leaves the database alone, a failure after it
 * (`up`, health) puts the database back with the code. The tests of the describe run in order.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
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

/** A compose target on MariaDB database `db` (its table t created): the repo, the host's shared files, the config. */
async function setUpTarget(tmp: string, port: number, project: string, command: string, db: string, extra: string[] = []) {
  await createMariadbDb(db, db, PASSWORD);
  await mariadbQuery(db, 'CREATE TABLE t (v VARCHAR(10) PRIMARY KEY);');
  const hostPath = join(tmp, 'host');
  const config = join(tmp, 'deploy.yml');
  const repo = await createAppRepo(FIXTURE, join(tmp, 'repo'));
  const inPlace = extra.includes('layout: in-place');
  await mkdir(join(hostPath, ...(inPlace ? [] : ['shared']), 'media'), { recursive: true });
  await writeFile(join(hostPath, ...(inPlace ? [] : ['shared']), '.env'), 'SECRET_KEY=x\n');
  const backup = `backup: {engine: mariadb, database: ${db}, user: ${db}, host: 127.0.0.1, keep: 10}`;
  const target = composeTarget('vps', port, hostPath, [...extra, backup, 'health: {services: true, timeout: 20s}']);
  await writeFile(config, `${fixtureHeader(project, command)}${FIXTURE_RULES}targets:\n${target}`);
  return { hostPath, config, repo };
}

/** A suite's target, set up in beforeAll (sshd, MariaDB database `db`, repo, config) and removed in afterAll. */
function useTarget(name: string, project: string, command: string, db: string, extra: string[] = []) {
  const ctx = {
    sshd: undefined as SshdHandle | undefined,
    tmp: '',
    env: {} as Record<string, string>,
    hostPath: '',
    config: '',
    repo: undefined as unknown as AppRepo,
    cli: (cmd: string, ...more: string[]): Promise<CliRun> =>
      runCli([cmd, '--repo', ctx.repo.dir, '--config', ctx.config, '--target', 'vps', '--json', ...more], ctx.env),
    rows: (): Promise<string> => mariadbQuery(db, 'SELECT GROUP_CONCAT(v ORDER BY v) FROM t'),
  };
  beforeAll(async () => {
    await buildBusyboxBaseImage();
    ctx.sshd = await startSshd();
    ctx.tmp = await makeTempDir(`gitops-e2e-rdb-order-${name}`);
    ctx.env = { GITOPS_SSH_KEY: ctx.sshd.clientKey, GITOPS_KNOWN_HOSTS: ctx.sshd.knownHosts, GITOPS_DB_PASSWORD: PASSWORD };
    Object.assign(ctx, await setUpTarget(ctx.tmp, ctx.sshd.port, project, command, db, extra));
  });
  afterAll(async () => {
    await removeProject(project);
    await dropMariadbDb(db, db).catch(() => undefined);
    await ctx.sshd?.stop();
    if (ctx.tmp) await removeTree(ctx.tmp);
  });
  return ctx;
}

/** Deploys A (then row a in `db`), then B, a template change (then row b); their shas in `shas` (and A's template in TA). */
async function deployAThenB(t: ReturnType<typeof useTarget>, db: string, shas: Record<string, string>): Promise<void> {
  shas.A = t.repo.head();
  shas.TA = readFileSync(join(t.repo.dir, 'app', 'templates', 'index.html'), 'utf8');
  const a = await t.cli('deploy');
  expect(a.code, a.stderr).toBe(0);
  await mariadbQuery(db, "INSERT INTO t VALUES ('a');");
  shas.B = await t.repo.commit('B', { 'app/templates/index.html': '<h1>B</h1>\n' });
  const b = await t.cli('deploy');
  expect(b.code, b.stderr).toBe(0);
  await mariadbQuery(db, "INSERT INTO t VALUES ('b');");
}

/** The recorded sha256 of a backup (state.json and sidecar) replaced by `to`. */
async function recordBackupSum(hostPath: string, file: string, from: string, to: string): Promise<void> {
  const st = readFileSync(stateFile(hostPath), 'utf8');
  await writeFile(stateFile(hostPath), st.split(from).join(to));
  await writeFile(`${file}.json`, readFileSync(`${file}.json`, 'utf8').split(from).join(to));
}

/**
 * Runs `rollback` with the pre-deploy backup of `sha` replaced by a dump that stops after creating
 * its tables (before their rows), its sha256 recorded as state.json and the sidecar say; put back after.
 */
async function withBackupFailingMidway(hostPath: string, sha: string, rollback: () => Promise<CliRun>): Promise<CliRun> {
  const st = JSON.parse(readFileSync(stateFile(hostPath), 'utf8'));
  const { file, sha256 } = st.releases.find((x: { id: string }) => x.id === sha).backup;
  const original = readFileSync(file);
  const sql = gunzipSync(original).toString();
  const broken = gzipSync(`${sql.slice(0, sql.indexOf('INSERT INTO'))}THIS IS NOT SQL;\n`);
  const sum = createHash('sha256').update(broken).digest('hex');
  await writeFile(file, broken);
  await recordBackupSum(hostPath, file, sha256, sum);
  return rollback().finally(async () => {
    await writeFile(file, original);
    await recordBackupSum(hostPath, file, sum, sha256);
  });
}

/** A failed restore-db rollback whose undo put the database back from the safety backup (before any Apply). */
function expectPutBackMidway(r: CliRun): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('THIS IS NOT SQL');
  const notes = r.json.notes.join('\n');
  expect(notes).toMatch(/database put back from \S+;/);
  expect(notes).not.toContain('partly restored');
  expect(phases(r)).toEqual(expect.arrayContaining(['Safety backup', 'Restore database', 'Undo']));
  expect(phases(r)).not.toContain('Apply');
}

describe.runIf(ready).each(COMMANDS)(
  'compose %s rollback --restore-db: restored once the code is ready, put back on a later failure',
  (v, command) => {
    const DB = `gd_rdo_${v}_${id}`;
    const project = uniqueProject(`gdrdo${v}`);
    const t = useTarget(v, project, command, DB);
    const shas: Record<string, string> = {};
    const { cli, rows } = t;
    const releaseA = (...p: string[]) => join(t.hostPath, 'releases', shas.A!, ...p);
    /** A's recorded web image unknown to the engine: the rollback rebuilds it from A's release directory. */
    async function forgetImageOfA(): Promise<void> {
      const st = JSON.parse(readFileSync(stateFile(t.hostPath), 'utf8'));
      st.releases.find((x: { id: string }) => x.id === shas.A).images.web.id = `sha256:${'0'.repeat(64)}`;
      await writeFile(stateFile(t.hostPath), JSON.stringify(st));
    }
    /** Replaces a file of A's release directory by a new inode (its files are hard links shared with B's). */
    async function replaceInA(rel: string, text: string): Promise<void> {
      await writeFile(`${releaseA(rel)}.new`, text);
      await rename(`${releaseA(rel)}.new`, releaseA(rel));
    }
    /** B still live on its own data: current, web's release, the rows, no lock left. */
    async function expectBLive(): Promise<void> {
      expect(readlinkSync(join(t.hostPath, 'current'))).toBe(`releases/${shas.B}`);
      expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${shas.B}`);
      expect(await rows()).toBe('a,b');
      expect(JSON.parse(readFileSync(stateFile(t.hostPath), 'utf8')).current).toBe(shas.B);
    }

    it(
      'deploys A (row a), then B (template change, row b)',
      async () => {
        await deployAThenB(t, DB, shas);
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
        const files = readdirSync(join(t.hostPath, 'backups'));
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
      'a restore that fails midway (MariaDB: not one transaction): the undo puts the database back from the safety backup',
      async () => {
        expectPutBackMidway(await withBackupFailingMidway(t.hostPath, shas.B!, () => cli('rollback', '--restore-db')));
        await expectBLive();
      },
      LONG,
    );

    // `restore` (not rollback) only named the safety backup: the table was left empty (its rows lost
    // until restored by hand) although the command had the safety backup to put back
    it(
      'restore (the command) of a backup that fails midway: the database is put back from the safety backup at once',
      async () => {
        const st = JSON.parse(readFileSync(stateFile(t.hostPath), 'utf8'));
        const name = basename(st.releases.find((x: { id: string }) => x.id === shas.B).backup.file);
        const r = await withBackupFailingMidway(t.hostPath, shas.B!, () => cli('restore', '--backup', name, '--confirm', 'vps'));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('THIS IS NOT SQL');
        expect(r.json.error).toMatch(
          /the restore stopped midway .*: the database was put back from the safety backup \S+; to retry, name the backup: restore --backup /,
        );
        expect(r.json.notes.join('\n')).toMatch(/database put back from \S+/);
        expect(phases(r).filter((p) => p === 'Restore database')).toHaveLength(2);
        await expectBLive();
      },
      LONG,
    );

    it(
      'a re-upload of pruned A that fails: the database is not restored',
      async () => {
        await rm(releaseA(), { recursive: true });
        const blob = t.repo.git('rev-parse', `${shas.A}:app/templates/index.html`).trim();
        const object = join(t.repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
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
        execFileSync('git', ['fsck', '--no-dangling'], { cwd: t.repo.dir });
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
        expect(readlinkSync(join(t.hostPath, 'current'))).toBe(`releases/${shas.A}`);
        expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${shas.A}`);
      },
      LONG,
    );
  },
);

describe.runIf(ready)('compose v2, layout: in-place, rollback --restore-db', () => {
  const DB = `gd_rdo_ip_${id}`;
  const project = uniqueProject('gdrdoip');
  const t = useTarget('inplace', project, 'docker compose', DB, ['layout: in-place']);
  const shas: Record<string, string> = {};
  const { cli, rows } = t;
  /** `sha` live in the deploy path: recorded current, web on its code, its template in place. */
  async function expectLive(sha: string, template: string, data: string): Promise<void> {
    expect(JSON.parse(readFileSync(stateFile(t.hostPath), 'utf8')).current).toBe(sha);
    expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${sha}`);
    expect(readFileSync(join(t.hostPath, 'app', 'templates', 'index.html'), 'utf8')).toBe(template);
    expect(await rows()).toBe(data);
  }

  it(
    'deploys A (row a), then B (template change, row b)',
    async () => {
      await deployAThenB(t, DB, shas);
      await expectLive(shas.B!, '<h1>B</h1>\n', 'a,b');
    },
    LONG,
  );

  it(
    "a restore that fails midway: the undo puts the database back, and B's files",
    async () => {
      expectPutBackMidway(await withBackupFailingMidway(t.hostPath, shas.B!, () => cli('rollback', '--restore-db')));
      await expectLive(shas.B!, '<h1>B</h1>\n', 'a,b');
    },
    LONG,
  );

  it(
    "rollback --restore-db: A's files and images, then A's rows",
    async () => {
      const r = await cli('rollback', '--restore-db');
      expect(r.code, r.stderr).toBe(0);
      const order = phases(r);
      expect(order).toEqual(expect.arrayContaining(['Upload', 'Safety backup', 'Restore database', 'Apply', 'Verify', 'Record']));
      expect(order.indexOf('Upload')).toBeLessThan(order.indexOf('Restore database'));
      expect(order.indexOf('Restore database')).toBeLessThan(order.indexOf('Apply'));
      await expectLive(shas.A!, shas.TA!, 'a');
    },
    LONG,
  );
});
