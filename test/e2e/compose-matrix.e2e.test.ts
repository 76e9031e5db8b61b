/**
 * The same deploy, rollback and backup on compose v1 (`docker-compose`) and v2 (`docker compose`),
 * over the harness sshd, on the busybox compose-app fixture with a real MariaDB container as `db`
 * (docker/matrix.yml). Per version: the deploy records the compose command and version and `status`
 * shows it; a template change rebuilds and recreates web only; an unhealthy release fails and is
 * reverted — in the Apply phase on both (v2: the wait after `up`; v1: the one wait after the last `up`); `rollback`
 * goes back to the previous release's image; a rollback whose `up` fails says compose's own error
 * and goes back; `backup` dumps the db container's rows through `<compose> exec -T db mysqldump`
 * (containers named the version's way: compose-naming.ts). On v2, last: a healthcheck with a 300 s
 * interval does not hold the deploy (the wait runs the check itself).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerNameOf } from '../../src/apply/compose-naming.js';
import { runCli } from './harness/cli.js';
import { createComposeSite, type ComposeSite } from './harness/compose-site.js';
import { buildBusyboxBaseImage, containerIds, docker, dockerAvailable, imageIdOf, removeProject, uniqueProject } from './harness/docker.js';
import { realappAvailable } from './harness/realapp.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate(
  'sshd + docker + compose v1 and v2 + gitops-realapp-mariadb:1',
  sshdAvailable() && (await dockerAvailable()) && (await realappAvailable()),
  'run test/e2e/setup.sh as root',
);
const ROOT_PW = 'matrix-root-pw';

/** `db` as a real MariaDB (socket only: the fixture's services run with network_mode none). */
const MATRIX_DB = `services:
  web:
    # the fixture's check with room for a loaded host (a 2 s exec timeout flipped web to unhealthy)
    healthcheck:
      test: ["CMD", "sh", "-c", "test ! -f /app/UNHEALTHY"]
      interval: 1s
      timeout: 10s
      retries: 3
      start_period: 20s
  db:
    image: gitops-realapp-mariadb:1
    command: ["mariadbd", "--user=mysql", "--skip-networking"]
    environment: {MARIADB_ROOT_PASSWORD: ${ROOT_PW}, MARIADB_DATABASE: matrix}
    healthcheck:
      test: ["CMD", "mariadb-admin", "ping", "--silent"]
      interval: 1s
      timeout: 5s
      retries: 60
`;

const MATRIX = [
  ['v1', 'docker-compose', /^1\.\d+/],
  ['v2', 'docker compose', /^2\.\d+/],
] as const;

describe.runIf(ready).each(MATRIX)('compose %s (%s): deploy, rollback, backup', (gen, command, versionRe) => {
  let sshd: SshdHandle;
  let tmp = '';
  let site: ComposeSite;
  const project = uniqueProject(`gdmx${gen}`);
  const cli = (...args: string[]) => runCli([args[0]!, '--repo', site.repo.dir, '--target', 'vps', ...args.slice(1)], site.env);
  const release = (sha: string) =>
    (site.state() as unknown as { releases: { id: string; compose?: unknown }[] }).releases.find((r) => r.id === sha);
  const sql = (q: string) =>
    docker([
      'exec',
      containerNameOf(project, 'db', 1, gen === 'v1'),
      'mariadb',
      '-N',
      '-B',
      '-u',
      'root',
      `-p${ROOT_PW}`,
      'matrix',
      '-e',
      q,
    ]);

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir(`gitops-e2e-matrix-${gen}`);
    site = await createComposeSite({
      dir: tmp,
      project,
      host: 'root@127.0.0.1',
      port: sshd.port,
      path: join(tmp, 'host', 'app'),
      knownHosts: sshd.knownHosts,
      clientKey: sshd.clientKey,
      lockTtl: '60s',
      command,
      composeFiles: ['docker-compose.yml', 'matrix.yml'],
      backup: 'backup: {engine: mariadb, service: db, database: matrix, user: root, password_env: MARIADB_ROOT_PASSWORD}',
      files: { 'docker/matrix.yml': MATRIX_DB },
    });
    // the backup reads the password from the shared .env (password_env_file's default)
    await appendFile(site.at('shared', '.env'), `MARIADB_ROOT_PASSWORD=${ROOT_PW}\n`);
    await sql('CREATE TABLE obs (id INT PRIMARY KEY, note VARCHAR(40)); INSERT INTO obs VALUES (1, "nid-1"), (2, "nid-2"), (3, "nid-3")');
  }, 1_200_000);

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('the first deploy recorded the compose command and version; status shows them; containers are named the version way', async () => {
    const first = release(site.state().current);
    expect(first?.compose).toEqual({ command, version: expect.stringMatching(versionRe) });
    const st = await cli('status');
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(new RegExp(`compose: ${command} ${versionRe.source.slice(1)}\\S* \\(${gen}\\)`));
    const names = (await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}'])).stdout;
    expect(names.split('\n').filter(Boolean).sort()).toContain(containerNameOf(project, 'web', 1, gen === 'v1'));
    // v2: the plugin's version is cached under .deploy, keyed by the plugin file; v1 is probed every time
    const cache = site.at('.deploy', 'compose-version');
    if (gen === 'v1') expect(existsSync(cache)).toBe(false);
    else {
      const [key, version] = (await readFile(cache, 'utf8')).split('\n');
      expect(key).toMatch(/\/docker-compose \d{7,} \d+ \d+ \d+$/);
      expect(version?.replace(/^v/, '')).toBe((first?.compose as { version: string }).version);
    }
  });

  it('a template change rebuilds and recreates web only', async () => {
    const before = await containerIds(project);
    const sha = await site.repo.commit('template', { 'app/templates/index.html': `<h1>${gen} template</h1>\n` });
    const r = await runCli([...site.args()], site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.build).toEqual(['web']);
    const after = await containerIds(project);
    expect(after.web).not.toBe(before.web);
    for (const s of ['celery_worker', 'celery_beat', 'flower', 'nginx', 'db']) expect(after[s], s).toBe(before[s]);
    expect(site.state().current).toBe(sha);
  });

  it(`an unhealthy release fails and is reverted (${gen === 'v2' ? 'the wait after up fails in Apply' : 'the wait after the last up fails in Apply'})`, async () => {
    const good = site.state().current;
    const webBefore = (await containerIds(project)).web!;
    const goodImage = await imageIdOf(webBefore);
    await site.repo.commit('unhealthy', { UNHEALTHY: 'yes\n', 'app/templates/index.html': '<h1>unhealthy</h1>\n' });
    const r = await runCli(site.args(), site.env);
    expect(r.code).toBe(1);
    expect(r.json.result).toBe('rolled-back');
    const failed = (r.json.phases as { name: string; status: string; detail?: string }[]).find((p) => p.status === 'failed');
    expect(failed?.name).toBe('Apply');
    expect(failed?.detail).toMatch(/unhealthy/);
    expect(site.state().current).toBe(good);
    expect(await imageIdOf((await containerIds(project)).web!)).toBe(goodImage);
  });

  it('rollback goes back to the previous release and its web image, without a rebuild', async () => {
    const state = site.state() as unknown as {
      current: string;
      releases: { id: string; result: string; images?: Record<string, { id: string }> }[];
    };
    const previous = state.releases.find((r) => r.id !== state.current && r.result === 'success')!;
    const r = await cli('rollback', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(site.state().current).toBe(previous.id);
    expect(site.link()).toBe(previous.id);
    expect(await imageIdOf((await containerIds(project)).web!)).toBe(previous.images!.web!.id);
  });

  it(`a rollback whose release does not come up healthy fails, says why, and goes back (${gen === 'v2' ? 'the wait after up fails in Apply' : 'the wait after the last up fails in Apply'})`, async () => {
    const state = site.state() as unknown as {
      current: string;
      releases: { id: string; result: string; images?: Record<string, { id: string }> }[];
    };
    const live = state.current;
    // back to the release the previous test undid, its web healthcheck broken in its kept directory on the host
    const undone = state.releases.find((r) => r.result === 'rolled-back')!;
    const broken = MATRIX_DB.replace('test ! -f /app/UNHEALTHY', 'false').replace('retries: 3\n      start_period: 20s', 'retries: 1');
    await writeFile(site.at('releases', undone.id, 'docker', 'matrix.yml'), broken);
    const r = await cli('rollback', '--rollback-to', undone.id, '--json');
    expect(r.code).toBe(1);
    expect(r.json.result).toBe('failure');
    expect(r.json.notes.join('\n')).toContain(`rollback failed: reverted to ${live.slice(0, 12)}`);
    const failed = (r.json.phases as { name: string; status: string; detail?: string }[]).find((p) => p.status === 'failed');
    expect(failed?.name).toBe('Apply');
    expect(failed?.detail).toMatch(/unhealthy/);
    expect(site.state().current).toBe(live);
    expect(site.link()).toBe(live);
    const liveImage = state.releases.find((x) => x.id === live)!.images!.web!.id;
    expect(await imageIdOf((await containerIds(project)).web!)).toBe(liveImage);
  });

  it("a rollback whose `up` fails (a user the image lacks) fails with compose's own error, before any wait, and goes back", async () => {
    const state = site.state() as unknown as {
      current: string;
      releases: { id: string; result: string; images?: Record<string, { id: string }> }[];
    };
    const live = state.current;
    const undone = state.releases.find((r) => r.result === 'rolled-back')!;
    // the kept directory's web runs as a user its image does not have: docker refuses to start it
    const broken = MATRIX_DB.replace('  web:\n', '  web:\n    user: gd-no-such-user\n');
    await writeFile(site.at('releases', undone.id, 'docker', 'matrix.yml'), broken);
    const r = await cli('rollback', '--rollback-to', undone.id, '--json');
    expect(r.code).toBe(1);
    expect(r.json.result).toBe('failure');
    const failed = (r.json.phases as { name: string; status: string; detail?: string }[]).find((p) => p.status === 'failed');
    expect(failed?.name).toBe('Apply');
    // compose's own output, as a plain run of the up gives it (the command itself is cut at 300 characters)
    expect(failed?.detail).toMatch(/^command failed \(exit [1-9]\d*\): docker(-compose| compose) -p /);
    expect(failed?.detail).toContain('unable to find user gd-no-such-user');
    expect(r.stderr).toContain('gd-no-such-user');
    expect(r.stderr).not.toMatch(/health check (failed|timed out)/);
    expect(site.state().current).toBe(live);
    expect(site.link()).toBe(live);
    const liveImage = state.releases.find((x) => x.id === live)!.images!.web!.id;
    expect(await imageIdOf((await containerIds(project)).web!)).toBe(liveImage);
  });

  it('backup dumps the MariaDB container through compose exec; the dump holds the rows', async () => {
    const r = await cli('backup', '--json');
    expect(r.code, r.stderr).toBe(0);
    const file = r.json.backup.file as string;
    expect(file).toMatch(/\.sql\.gz$/);
    const dump = execFileSync('gunzip', ['-c', file], { encoding: 'utf8' });
    expect(dump).toContain('CREATE TABLE `obs`');
    expect(dump).toMatch(/INSERT INTO `obs` VALUES\s*\(1,'nid-1'\),\s*\(2,'nid-2'\),\s*\(3,'nid-3'\)/);
    expect(dump).not.toContain(ROOT_PW);
    expect((await sql('SELECT COUNT(*) FROM obs')).stdout.trim()).toBe('3');
  });

  // only v2 waits after up (wait-started.ts); v1's verify polls Docker's status: registered on v2 only
  if (gen === 'v2')
    it("the wait runs the service's own healthcheck: ready long before Docker's first check (interval 300 s)", async () => {
      // `$$` is compose's literal `$`: the probe must run what Docker would run
      const slow = MATRIX_DB.replace(
        'test: ["CMD", "sh", "-c", "test ! -f /app/UNHEALTHY"]\n      interval: 1s',
        'test: ["CMD-SHELL", "test ! -f /app/UNHEALTHY && [ \\"$$(echo ok)\\" = ok ]"]\n      interval: 300s',
      );
      expect(slow).toContain('interval: 300s');
      const sha = await site.repo.commit('slow healthcheck', {
        UNHEALTHY: null,
        'docker/matrix.yml': slow,
        'app/templates/index.html': '<h1>probed</h1>\n',
      });
      const r = await runCli(site.args(), site.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toEqual(['web']);
      expect(site.state().current).toBe(sha);
      // Docker has not checked yet (its first check is 300 s after the start): the wait did not wait for it
      const web = (await containerIds(project)).web!;
      const health = await docker(['inspect', '--format', '{{.State.Health.Status}} {{len .State.Health.Log}}', web]);
      expect(health.stdout.trim()).toBe('starting 0');
    }, 120_000);
});
