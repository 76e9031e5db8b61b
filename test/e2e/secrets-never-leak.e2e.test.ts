/**
 * Issue #13 ("Secrets"), a permanent check on real components (sshd, rsync, docker-compose,
 * MariaDB with a password): during a deploy, scheduled backups (password from the runner and from
 * the host's env file), a deploy that fails its health check and rolls back, and a deploy with a
 * wrong password, `ps -eo args` is sampled back to back on this machine (runner and host are the
 * same machine here). Neither the database passwords nor any line of the SSH private key may appear
 * in any byte of those samples, in the environment of the local ssh / ssh-agent / rsync processes,
 * in the CLI's stdout and stderr, in the host's audit log and state files, or in any file under the
 * CLI's own TMPDIR and HOME.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb, mariadbQuery } from './harness/databases.js';
import { buildBusyboxBaseImage, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import {
  filesWithSecrets,
  findSecrets,
  isolatedCli,
  keyBodyLines,
  referenceKey,
  samplePs,
  type IsolatedCli,
  type PsSampler,
} from './harness/secrets.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + docker-compose v1 + MariaDB',
  sshdAvailable() && (await dockerAvailable()) && (await ensureMariadb()),
);

const id = randomBytes(4).toString('hex');
const DB = `gd_sec_${id}`;
const USER = `gd_sec_${id}`;
/** distinctive, with characters a careless quoting would split or expand */
const PASSWORD = `pw-${randomBytes(9).toString('hex')}-$x 'q"`;
/** deploys on a loaded 2-core machine take minutes */
const SLOW = 400_000;
const WRONG_PASSWORD = `wrong-${randomBytes(9).toString('hex')}`;

function configYaml(project: string, port: number, path: string): string {
  const db = `engine: mariadb, database: ${DB}, user: ${USER}, host: 127.0.0.1, port: 3306`;
  return `${fixtureHeader(project)}${FIXTURE_RULES}targets:
${composeTarget('vps', port, path, [`backup: {${db}}`, 'health: {services: true, timeout: 20s}'])}${composeTarget(
    'vps-envfile',
    port,
    path,
    [`backup: {${db}, password_env: DB_PASSWORD}`],
  )}`;
}

describe.runIf(ready)('secrets never leak (issue #13)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  let isolated: IsolatedCli;
  let sampler: PsSampler;
  let needles: Record<string, string[]> = {};
  const runs: { name: string; run: CliRun }[] = [];
  const project = uniqueProject('gdsecrets');

  /** `password` undefined: no GITOPS_DB_PASSWORD at all (the target reads password_env on the host) */
  const cli = async (name: string, args: string[], password: string | undefined = PASSWORD): Promise<CliRun> => {
    const env = isolated.env(sshd, password === undefined ? {} : { GITOPS_DB_PASSWORD: password });
    const run = await runCli([...args, '--repo', repo.dir], env);
    runs.push({ name, run });
    return run;
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gd-secrets');
    isolated = await isolatedCli('gd-sec');
    hostPath = join(tmp, 'host', 'app');
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': configYaml(project, sshd.port, hostPath) });
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    const quoted = PASSWORD.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    await writeFile(join(hostPath, 'shared', '.env'), `SECRET_KEY=x\nDB_PASSWORD="${quoted}"\n`);
    await createMariadbDb(DB, USER, PASSWORD);
    // big enough that mysqldump runs long enough for the sampler to see it
    await mariadbQuery(
      DB,
      `CREATE TABLE big (id INT PRIMARY KEY, pad CHAR(100)); INSERT INTO big SELECT seq, REPEAT('x', 100) FROM seq_1_to_300000;`,
    );
    needles = {
      'database password': [PASSWORD],
      'wrong database password': [WRONG_PASSWORD],
      'SSH private key': keyBodyLines(sshd.clientKey, await referenceKey()),
    };
    sampler = samplePs();
  }, SLOW);

  afterAll(async () => {
    await sampler?.stop();
    await removeProject(project);
    await dropMariadbDb(DB, USER).catch(() => undefined);
    await sshd?.stop();
    for (const dir of [tmp, isolated?.tmp, isolated?.home]) if (dir) await removeTree(dir);
  });

  it(
    'a first deploy with a MariaDB backup (password from the runner, over stdin)',
    async () => {
      const r = await cli('deploy', ['deploy', '--target', 'vps', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.backup.file).toMatch(/\.sql\.gz$/);
    },
    SLOW,
  );

  it(
    'scheduled backups: the runner secret, then password_env read from the host env file',
    async () => {
      const fromRunner = await cli('backup (runner secret)', ['backup', '--target', 'vps', '--json']);
      expect(fromRunner.code, fromRunner.stderr).toBe(0);
      const fromEnvFile = await cli('backup (env file)', ['backup', '--target', 'vps-envfile', '--json'], undefined);
      expect(fromEnvFile.code, fromEnvFile.stderr).toBe(0);
    },
    SLOW,
  );

  it(
    'a deploy that fails its health check and rolls back',
    async () => {
      await repo.commit('unhealthy', { UNHEALTHY: 'yes\n', 'app/views.py': 'def index():\n    return "sick"\n' });
      const r = await cli('failing deploy', ['deploy', '--target', 'vps', '--json']);
      expect(r.code).toBe(1);
      expect(r.json.result).toBe('rolled-back');
    },
    SLOW,
  );

  it(
    'a deploy whose backup fails with a wrong password',
    async () => {
      await repo.commit('healthy again', { UNHEALTHY: null, 'app/views.py': 'def index():\n    return "ok"\n' });
      const r = await cli('wrong password', ['deploy', '--target', 'vps', '--json'], WRONG_PASSWORD);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Access denied/);
    },
    SLOW,
  );

  it('no secret in any ps sample, client environment, CLI output, audit log, state file, TMPDIR or HOME', async () => {
    await sampler.stop();
    const { samples, environs } = sampler;
    // the sampler did see the moments that matter
    expect(samples.length).toBeGreaterThan(20);
    const seen = (what: RegExp) => samples.some((s) => what.test(s));
    expect(seen(/^mysqldump /m)).toBe(true);
    expect(seen(/^rsync /m)).toBe(true);
    expect(seen(/^ssh-agent -a /m)).toBe(true);
    expect(environs.some((e) => / ssh -i /.test(e.who))).toBe(true);
    expect(environs.some((e) => / rsync /.test(e.who))).toBe(true);

    const leaks: string[] = [];
    samples.forEach((s, i) => findSecrets(s, needles).forEach((l) => leaks.push(`ps sample ${i}: ${l}`)));
    environs.forEach((e) => findSecrets(e.env, needles).forEach((l) => leaks.push(`environment of ${e.who}: ${l}`)));
    for (const { name, run } of runs) {
      findSecrets(run.stdout, needles).forEach((l) => leaks.push(`${name} stdout: ${l}`));
      findSecrets(run.stderr, needles).forEach((l) => leaks.push(`${name} stderr: ${l}`));
    }
    const audit = await readFile(join(hostPath, '.deploy', 'audit.log'), 'utf8');
    expect(audit.trim().split('\n').length).toBeGreaterThanOrEqual(4);
    leaks.push(...(await filesWithSecrets([join(hostPath, '.deploy'), join(hostPath, 'backups'), isolated.tmp, isolated.home], needles)));
    expect(leaks).toEqual([]);
  });
});
