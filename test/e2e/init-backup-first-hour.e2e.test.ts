/**
 * `init` on an app whose compose file sets up its database the way the seeds' guides do
 * (alpe-bourse: `MYSQL_DATABASE: ${DB_NAME:-…}`, `MYSQL_PASSWORD: ${DB_PASSWORD}`, the values in the
 * `.env` kept on the host), then the first deploy onto an empty host over a real sshd, the shared
 * dockerd and a real MariaDB: the backup init proposed must work once the database exists. It
 * proposed the repository's name as the database and MARIADB_PASSWORD, which the shared `.env` the
 * backup reads does not hold: the first deploy passed (nothing to back up yet), every later backup
 * failed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { initForSshd } from './harness/init-config.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE, removeProject } from './harness/docker.js';
import { realappAvailable } from './harness/realapp.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate(
  'sshd + docker + compose v2 + gitops-realapp-mariadb:1',
  sshdAvailable() && (await dockerAvailable()) && (await realappAvailable()),
  'run test/e2e/setup.sh as root',
);
// init names the compose project after the repository's directory
const PROJECT = `gdinitdb${randomBytes(4).toString('hex')}`;

const COMPOSE = `services:
  db:
    image: gitops-realapp-mariadb:1
    network_mode: none
    environment:
      MARIADB_DATABASE: \${DB_NAME:-shop}
      MARIADB_USER: shop
      MARIADB_PASSWORD: \${DB_PASSWORD}
      MARIADB_ROOT_PASSWORD: \${DB_ROOT_PASSWORD}
    healthcheck:
      test: ["CMD", "mariadb-admin", "ping", "--silent"]
      interval: 1s
      timeout: 5s
      retries: 60
    volumes:
      - ./data/db:/var/lib/mysql
  web:
    image: ${FIXTURE_BASE_IMAGE}
    network_mode: none
    command: ["sleep", "3600"]
    env_file: .env
`;

describe.runIf(ready)('init on an app with a MariaDB service, then the first deploys onto an empty host', { timeout: 300_000 }, () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  const cli = (...args: string[]) =>
    runCli([...args, '--repo', repo.dir, '--target', 'production'], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
    });

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-initdb');
    hostPath = join(tmp, 'host', 'app');
    await mkdir(join(tmp, 'fixture'));
    repo = await createAppRepo(join(tmp, 'fixture'), join(tmp, PROJECT), { 'docker-compose.yml': COMPOSE, '.gitignore': '.env\n' });
  }, 120_000);

  afterAll(async () => {
    await removeProject(PROJECT);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('init proposes the database compose creates and the password variable the shared .env holds', async () => {
    // the edits init asks for: host and path (and this sshd's port)
    const { init: r, target } = await initForSshd(repo, sshd, hostPath);
    expect(r.code, r.stderr).toBe(0);
    expect(target.shared).toEqual(['.env', 'data/db/']);
    expect(target.backup).toMatchObject({
      engine: 'mariadb',
      service: 'db',
      database: 'shop',
      user: 'shop',
      password_env: 'DB_PASSWORD',
    });
  });

  it('first deploy onto the empty host (the .env prepared as docs/prepare-server.md says), then backup and a later deploy back it up', async () => {
    await mkdir(join(hostPath, 'shared'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=s\nDB_PASSWORD=shop-pw\nDB_ROOT_PASSWORD=root-pw\n', { mode: 0o600 });
    const first = await cli('deploy');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('backup skipped: no database to back up yet (first deploy)');

    const doctor = await cli('doctor');
    expect(doctor.stdout).toMatch(/^ok +backup +mariadb: the database answers with the configured credentials$/m);
    const backup = await cli('backup');
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^backup: .*production-.*\.sql\.gz/m);

    await repo.commit('web command', { 'docker-compose.yml': COMPOSE.replace('"3600"', '"3601"') });
    const second = await cli('deploy');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^backup: .*\.sql\.gz/m);
    expect(existsSync(join(hostPath, 'shared', '.env'))).toBe(true);
    expect(readFileSync(join(hostPath, 'shared', '.env'), 'utf8')).toContain('DB_PASSWORD=shop-pw');
  });

  it('the backup engine changed to postgres (the service runs MariaDB): plan, deploy and backup refuse it (exit 2)', async () => {
    const file = join(repo.dir, '.github', 'deploy.yml');
    await repo.commit('wrong engine', {
      '.github/deploy.yml': (await readFile(file, 'utf8')).replace('engine: mariadb', 'engine: postgres'),
    });
    const why =
      'targets.production.backup.engine: "postgres", but compose service "db" runs image gitops-realapp-mariadb:1, a mariadb/mysql database (set engine: mariadb (or mysql))';
    const plan = await cli('plan');
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stderr).toContain(why);
    const releases = readdirSync(join(hostPath, 'releases')).sort();
    const deploy = await cli('deploy');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(2);
    expect(deploy.stderr).toContain(why);
    expect(readdirSync(join(hostPath, 'releases')).sort()).toEqual(releases);
    const backup = await cli('backup');
    expect(backup.code, backup.stdout + backup.stderr).toBe(2);
    expect(backup.stderr).toContain(`${why}; nothing was backed up`);
    expect(backup.stderr).not.toContain('pg_dump');
    const doctor = await cli('doctor');
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /^FAIL +backup +postgres: psql could not be run where the database is \(exit 126: not installed there\? check backup\.engine/m,
    );
  });
});
