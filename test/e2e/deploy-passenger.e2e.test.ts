/**
 * Issue #4 on real components: the CLI deploys the passenger-app fixture over a real sshd with
 * rsync to a real Apache + mod_passenger (WSGI), a real virtualenv + pip (offline, local wheels),
 * a real SQLite database with migrations, and a real MariaDB backup with the password in .env.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable, startApache, type ApacheServer } from './harness/apache.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb } from './harness/databases.js';
import { countEntries, groupOrOtherWritable } from './harness/modes.js';
import { passengerTargetYaml } from './harness/passenger-hosts.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const HTACCESS = '# web root rules kept by every deploy (comments only: this Apache allows no directive here)\n';
const FIXTURE = fileURLToPath(new URL('../fixtures/passenger-app', import.meta.url));
const venvOk = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import ensurepip, venv'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const ready = gate(
  'sshd + apache2 + mod_passenger + python3-venv + MariaDB',
  sshdAvailable() && apacheAvailable() && venvOk && (await ensureMariadb()),
);

interface Response {
  status: number;
  body: string;
}

async function get(url: string): Promise<Response> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { status: 0, body: (e as Error).message };
  }
}

/** Requests `url` back to back until stopped; every answer is kept, in order. */
function poll(url: string): { stop(): Promise<Response[]> } {
  const seen: Response[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      seen.push(await get(url));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** Adds a local wheel to the repo (fixture tool): pip installs it offline with --find-links wheels. */
function writeWheel(repoDir: string, name: string, version: string): string {
  return execFileSync('/usr/bin/python3', ['tools/make_wheel.py', 'backend/wheels', name, version], {
    cwd: repoDir,
    encoding: 'utf8',
  }).trim();
}

function targetYaml(name: string, o: { port: number; path: string; health: string; publicHtml: string; extra?: string }): string {
  return passengerTargetYaml(name, o.port, { path: o.path, publicHtml: o.publicHtml, port: 0 }, o.extra ?? '', o.health);
}

interface Host {
  path: string;
  publicHtml: string;
  /** the SQLite database as the app and the migrations see it */
  db: string;
  apache?: ApacheServer;
}

function configYaml(sshPort: number, releases: Host & { apachePort: number }, inPlace: Host & { apachePort: number }): string {
  const common = {
    port: sshPort,
    path: releases.path,
    health: `http://127.0.0.1:${releases.apachePort}/`,
    publicHtml: releases.publicHtml,
  };
  const sqlite = '    backup: {engine: sqlite, path: shared/backend/storage/app.sqlite3, keep: 3}\n';
  return `version: 1
rules:
  - {name: docs, paths: ["**/*.md"], ignore: true}
tasks:
  migrate: {command: "python migrate.py storage/app.sqlite3", paths: ["backend/migrations/**"]}
targets:
${targetYaml('shared', { ...common, extra: sqlite })}
${targetYaml('shared-pc', { ...common, extra: `${sqlite}    restart: passenger-config\n` })}
${targetYaml('shared-mariadb', { ...common, extra: '    backup: {engine: mariadb, database: gd_e2e_passenger, user: gd_e2e_passenger, host: 127.0.0.1, password_env: DB_PASSWORD}\n' })}
${targetYaml('inplace', {
  port: sshPort,
  path: inPlace.path,
  health: `http://127.0.0.1:${inPlace.apachePort}/`,
  publicHtml: inPlace.publicHtml,
  extra: '    layout: in-place\n',
})}`;
}

async function prepareHost(host: Host, sharedDir: string): Promise<void> {
  await mkdir(join(sharedDir, 'storage'), { recursive: true });
  await writeFile(join(sharedDir, '.env'), 'SECRET_KEY=keep-me\nDB_PASSWORD=passenger-db-pw\n');
  await writeFile(join(sharedDir, 'storage', 'upload.txt'), 'user upload');
  // existing app data: the pre-deploy backup has something to save
  execFileSync('sqlite3', [host.db, 'create table if not exists legacy(x); insert into legacy values (1);']);
  await mkdir(join(host.publicHtml, 'assets'), { recursive: true });
  await writeFile(join(host.publicHtml, '.htaccess'), HTACCESS);
  await writeFile(join(host.publicHtml, 'assets', 'stale-123.js'), 'old bundle');
}

// minutes, not seconds, on a loaded 2-core machine (venv + pip + Apache restarts)
describe.runIf(ready)('passenger deploy over real SSH to Apache + Passenger (issue #4)', { timeout: 600_000 }, () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let env: Record<string, string> = {};
  const rel: Host & { apachePort: number } = { path: '', publicHtml: '', db: '', apachePort: 0 };
  const inp: Host & { apachePort: number } = { path: '', publicHtml: '', db: '', apachePort: 0 };
  const deploy = (target = 'shared', ...extra: string[]) =>
    runCli(['deploy', '--repo', repo.dir, '--target', target, '--json', ...extra], env);
  const page = () => get(`${rel.apache!.url}/`);
  const pid = async (url = rel.apache!.url) => (await get(`${url}/pid`)).body.trim();
  const current = () => readlinkSync(join(rel.path, 'current'));
  const runs = (db: string) => (existsSync(`${db}.runs`) ? readFileSync(`${db}.runs`, 'utf8').trim().split('\n').length : 0);
  const state = (path: string) => JSON.parse(readFileSync(join(path, '.deploy', 'state.json'), 'utf8'));
  const expectProtectedSurvive = (sharedDir: string) => {
    expect(readFileSync(join(sharedDir, '.env'), 'utf8')).toBe('SECRET_KEY=keep-me\nDB_PASSWORD=passenger-db-pw\n');
    expect(readFileSync(join(sharedDir, 'storage', 'upload.txt'), 'utf8')).toBe('user upload');
  };

  beforeAll(async () => {
    // a shared host whose login shells create group-writable files (#14)
    sshd = await startSshd({ umask: '002' });
    tmp = await makeTempDir('gitops-e2e-passenger');
    Object.assign(rel, { path: join(tmp, 'host', 'app'), publicHtml: join(tmp, 'host', 'public_html') });
    rel.db = join(rel.path, 'shared', 'backend', 'storage', 'app.sqlite3');
    Object.assign(inp, { path: join(tmp, 'host2', 'app'), publicHtml: join(tmp, 'host2', 'public_html') });
    inp.db = join(inp.path, 'backend', 'storage', 'app.sqlite3');
    await prepareHost(rel, join(rel.path, 'shared', 'backend'));
    await prepareHost(inp, join(inp.path, 'backend'));
    await createMariadbDb('gd_e2e_passenger', 'gd_e2e_passenger', 'passenger-db-pw');
    // Apache first (each on a port free when it binds it): the ports go into the config
    for (const [host, name, appRoot] of [
      [rel, 'host', join(rel.path, 'current', 'backend')],
      [inp, 'host2', join(inp.path, 'backend')],
    ] as const) {
      const dir = join(tmp, `apache-${name}`);
      await mkdir(dir, { recursive: true, mode: 0o755 });
      host.apache = await startApache({ appRoot, dir, publicHtml: host.publicHtml, env: { APP_DB: host.db } });
      host.apachePort = host.apache.port;
    }
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': configYaml(sshd.port, rel, inp) });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await rel.apache?.stop();
    await inp.apache?.stop();
    await dropMariadbDb('gd_e2e_passenger', 'gd_e2e_passenger').catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  describe('layout: releases', () => {
    it('first deploy: venv created, pip, migrations and frontend run, release switched in, app serves v1', async () => {
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      const sha = repo.head();
      expect(r.json.result).toBe('success');
      expect(r.json.plan.from).toBeNull();
      expect(r.json.plan.tasks).toEqual(['pip-install', 'migrate', 'frontend']);
      expect(r.stderr).toContain('pip-install: runs (the virtualenv is missing)');
      expect(r.stderr).toContain(`creating virtualenv ${join(rel.path, 'venv')}`);
      expect(existsSync(join(rel.path, 'venv', 'bin', 'python'))).toBe(true);
      expect(current()).toBe(`releases/${sha}`);
      expect(await page()).toEqual({ status: 200, body: 'version=1.0.0 value=initial\n' });
      expect(runs(rel.db)).toBe(1);
      expect(r.json.backup.file).toMatch(/backups\/shared-\d{8}T\d{6}Z-[0-9a-f]{12}\.sqlite3\.gz$/);
      expect(lstatSync(join(rel.path, 'current', 'backend', '.env')).isSymbolicLink()).toBe(true);
      expectProtectedSurvive(join(rel.path, 'shared', 'backend'));
    });

    it('public_html gets the built dist; stale assets removed, .htaccess kept', async () => {
      expect(readFileSync(join(rel.publicHtml, 'index.html'), 'utf8')).toContain('frontend-build-ok');
      expect(existsSync(join(rel.publicHtml, 'assets', 'stale-123.js'))).toBe(false);
      expect(readFileSync(join(rel.publicHtml, '.htaccess'), 'utf8')).toBe(HTACCESS);
      expect((await get(`${rel.apache!.staticSiteUrl}/index.html`)).body).toContain('frontend-build-ok');
    });

    it('v1 → v2 code-only: no request fails, v1 until the restart then v2; pip, migrations, frontend skipped', async () => {
      await repo.commit('v2', { 'backend/VERSION': '2.0.0\n' });
      const poller = poll(`${rel.apache!.url}/`);
      await new Promise((r) => setTimeout(r, 300));
      const r = await deploy();
      await new Promise((r) => setTimeout(r, 300));
      const seen = await poller.stop();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.tasks).toEqual([]);
      expect(r.stderr).toContain('pip-install: skipped (requirements unchanged since the deployed revision)');
      expect(r.stderr).not.toContain('pip install -r');
      expect(r.stderr).toContain('frontend: skipped (no frontend file changed)');
      expect(runs(rel.db)).toBe(1);
      const errors = seen.filter((x) => x.status !== 200);
      expect(errors, JSON.stringify(errors.slice(0, 3))).toEqual([]);
      const versions = seen.map((x) => x.body.trim());
      expect(versions[0]).toBe('version=1.0.0 value=initial');
      expect(versions.at(-1)).toBe('version=2.0.0 value=initial');
      const firstV2 = versions.indexOf('version=2.0.0 value=initial');
      expect(versions.slice(firstV2).every((v) => v === 'version=2.0.0 value=initial')).toBe(true);
      expect(versions.slice(0, firstV2).every((v) => v === 'version=1.0.0 value=initial')).toBe(true);
      expect(seen.length).toBeGreaterThan(5);
      expectProtectedSurvive(join(rel.path, 'shared', 'backend'));
    });

    it('a requirements change runs pip (local wheel installed into the venv)', async () => {
      writeWheel(repo.dir, 'fixture_dep', '1.0');
      await repo.commit('add dependency', { 'backend/requirements.txt': 'fixture-dep==1.0\n' });
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.tasks).toEqual(['pip-install']);
      expect(r.stderr).toContain('pip-install: runs (backend/requirements.txt changed)');
      expect(r.stderr).toContain('Successfully installed fixture-dep-1.0');
      const venvPython = join(rel.path, 'venv', 'bin', 'python');
      expect(execFileSync(venvPython, ['-c', 'import fixture_dep; print(fixture_dep.VALUE)'], { encoding: 'utf8' }).trim()).toBe(
        'from-wheel-1.0',
      );
      expect(runs(rel.db)).toBe(1);
    });

    it('a migration change runs the migration command once, before the switch', async () => {
      await repo.commit('migration', {
        'backend/migrations/0002.sql': "UPDATE kv SET value = 'migrated' WHERE key = 'value';\n",
        'backend/VERSION': '2.1.0\n',
      });
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.tasks).toEqual(['migrate']);
      expect(r.stderr).toContain('pip-install: skipped');
      expect(runs(rel.db)).toBe(2);
      expect(await page()).toEqual({ status: 200, body: 'version=2.1.0 value=migrated\n' });
    });

    it('a failing migration aborts before the switch: the previous release keeps serving, the job fails with its output', async () => {
      const before = current();
      const pidBefore = await pid();
      await repo.commit('bad migration', { 'backend/migrations/0003.sql': 'THIS IS NOT SQL;\n', 'backend/VERSION': '9.9.9\n' });
      const bad = repo.head();
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.json.result).toBe('failure');
      expect(r.stderr).toMatch(/task migrate failed \(exit 1\):[\s\S]*migration 0003\.sql failed: near "THIS": syntax error/);
      expect(r.json.notes.join('\n')).toContain(`aborted before the switch: ${before.replace('releases/', '').slice(0, 12)} keeps serving`);
      expect(current()).toBe(before);
      expect(await page()).toEqual({ status: 200, body: 'version=2.1.0 value=migrated\n' });
      expect(await pid()).toBe(pidBefore);
      const st = state(rel.path);
      expect(st.current).toBe(before.replace('releases/', ''));
      expect(st.releases[0]).toMatchObject({ id: bad, result: 'failed' });
      await repo.commit('drop bad migration', { 'backend/migrations/0003.sql': null, 'backend/VERSION': '2.1.0\n' });
    });

    it('health check failure (500) rolls back to the previous release automatically', async () => {
      const before = current();
      const indexBefore = readFileSync(join(rel.publicHtml, 'index.html'), 'utf8');
      const index = readFileSync(join(repo.dir, 'frontend/src/index.html'), 'utf8').replace('frontend-build-ok', 'frontend-v3');
      await repo.commit('v3 broken', { 'backend/FAIL': 'yes\n', 'backend/VERSION': '3.0.0\n', 'frontend/src/index.html': index });
      const bad = repo.head();
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.json.result).toBe('rolled-back');
      expect(r.stderr).toMatch(/health URL check failed after 8 s: HTTP 500/);
      expect(r.stderr).toContain('public_html restored, current switched back, app restarted');
      expect(readFileSync(join(rel.publicHtml, 'index.html'), 'utf8')).toBe(indexBefore);
      expect(readFileSync(join(rel.publicHtml, '.htaccess'), 'utf8')).toBe(HTACCESS);
      expect(current()).toBe(before);
      expect(await page()).toEqual({ status: 200, body: 'version=2.1.0 value=migrated\n' });
      const st = state(rel.path);
      expect(st.current).toBe(before.replace('releases/', ''));
      expect(st.releases[0]).toMatchObject({ id: bad, result: 'failed' });
      const audit = readFileSync(join(rel.path, '.deploy', 'audit.log'), 'utf8')
        .trim()
        .split('\n');
      expect(JSON.parse(audit.at(-1)!).result).toBe('failed, rolled back');
      expectProtectedSurvive(join(rel.path, 'shared', 'backend'));
      await repo.commit('fix', { 'backend/FAIL': null, 'backend/VERSION': '3.0.1\n' });
    });

    it('frontend change: new dist synced, removed assets deleted, .htaccess kept; backend steps skipped', async () => {
      await repo.commit('frontend asset', { 'frontend/src/assets/app-1.js': 'console.log(1)\n' });
      expect((await deploy()).code).toBe(0);
      expect(readFileSync(join(rel.publicHtml, 'assets', 'app-1.js'), 'utf8')).toBe('console.log(1)\n');
      await repo.commit('frontend asset renamed', {
        'frontend/src/assets/app-1.js': null,
        'frontend/src/assets/app-2.js': 'console.log(2)\n',
      });
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.tasks).toEqual(['frontend']);
      expect(r.stderr).toContain('frontend: runs (frontend/src/assets/app-1.js, frontend/src/assets/app-2.js changed)');
      expect(existsSync(join(rel.publicHtml, 'assets', 'app-1.js'))).toBe(false);
      expect(readFileSync(join(rel.publicHtml, 'assets', 'app-2.js'), 'utf8')).toBe('console.log(2)\n');
      expect(readFileSync(join(rel.publicHtml, '.htaccess'), 'utf8')).toBe(HTACCESS);
      expect(await page()).toEqual({ status: 200, body: 'version=3.0.1 value=migrated\n' });
    });

    it('two deploys in a row both restart the app (restart.txt mtime strictly newer each time)', async () => {
      const pids = [await pid()];
      for (let i = 0; i < 2; i++) {
        // a code change each time: a deploy with nothing to do does not restart (see the docs-only test)
        await repo.commit(`code ${i}`, { 'backend/extra_module.py': `N = ${i}\n` });
        const r = await deploy();
        expect(r.code, r.stderr).toBe(0);
        pids.push(await pid());
      }
      expect(new Set(pids).size).toBe(3);
    });

    it('plan and deploy agree on a backend code change: upload + restart, not "unmatched"', async () => {
      await repo.commit('code change', { 'backend/app/main.py': 'def main():\n    return 1\n' });
      const planned = await runCli(['plan', '--repo', repo.dir, '--target', 'shared', '--json'], env);
      expect(planned.code, planned.stderr).toBe(0);
      expect(planned.json).toMatchObject({ upload: ['app'], unmatched: [], tasks: [] });
      expect(planned.stdout + planned.stderr).not.toContain('Nothing to deploy');
      const before = await pid();
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan).toMatchObject({ upload: ['app'], unmatched: [], tasks: [] });
      expect(current()).toBe(`releases/${repo.head()}`);
      expect(await pid()).not.toBe(before);
    });

    it('a docs-only commit does nothing: no backup, no release, no switch, no restart; it says so', async () => {
      const restartFile = join(rel.path, 'current', 'backend', 'tmp', 'restart.txt');
      const snapshot = async () => ({
        current: current(),
        releases: readdirSync(join(rel.path, 'releases')).sort(),
        backups: readdirSync(join(rel.path, 'backups')).sort(),
        restart: statSync(restartFile).mtimeMs,
        state: readFileSync(join(rel.path, '.deploy', 'state.json'), 'utf8'),
        publicHtml: readdirSync(rel.publicHtml).sort(),
        pid: await pid(),
      });
      const before = await snapshot();
      await repo.commit('docs only', { 'backend/GUIDE.md': '# How to run it\n', 'README.md': 'changed readme\n' });
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.result).toBe('success');
      expect(r.json.notes.join('\n')).toContain(
        `Nothing to deploy: 2 changed files (2 ignored, 0 unmatched), no service or task affected. ${before.current.replace('releases/', '').slice(0, 12)} keeps serving: no backup, no upload, no restart.`,
      );
      expect(r.json.backup).toBeUndefined();
      expect(r.json.phases.map((x: { name: string }) => x.name)).not.toContain('Upload');
      expect(await snapshot()).toEqual(before);
    });

    it('nothing deployed is writable by the group or others, although the host umask is 002', () => {
      // shared/ holds what this test wrote itself (.env, uploads, the database)
      expect(countEntries(rel.path)).toBeGreaterThan(50);
      expect(groupOrOtherWritable(rel.path, ['shared'])).toEqual([]);
      expect(groupOrOtherWritable(rel.publicHtml)).toEqual([]);
    });

    it('restart: passenger-config restarts the app at once', async () => {
      const before = await pid();
      await repo.commit('v4', { 'backend/VERSION': '4.0.0\n' });
      const r = await deploy('shared-pc');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`restart: passenger-config restart-app ${join(rel.path, 'current', 'backend')}`);
      expect(await pid()).not.toBe(before);
      expect(await page()).toEqual({ status: 200, body: 'version=4.0.0 value=migrated\n' });
    });

    it('MariaDB backup with the password from the shared .env, then the deploy', async () => {
      await repo.commit('v4.1', { 'backend/VERSION': '4.1.0\n' });
      const r = await deploy('shared-mariadb');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.backup.file).toMatch(/backups\/shared-mariadb-\d{8}T\d{6}Z-[0-9a-f]{12}\.sql\.gz$/);
      expect(existsSync(r.json.backup.file)).toBe(true);
      expect(r.stderr).not.toContain('passenger-db-pw');
      expect(await page()).toEqual({ status: 200, body: 'version=4.1.0 value=migrated\n' });
    });

    it('dry run changes nothing and lists the steps', async () => {
      const before = current();
      await repo.commit('v5', { 'backend/VERSION': '5.0.0\n', 'backend/requirements.txt': 'fixture-dep==1.0\n# touched\n' });
      const r = await deploy('shared', '--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.notes.join('\n')).toContain('pip-install: runs (backend/requirements.txt changed)');
      expect(current()).toBe(before);
      expect(await page()).toEqual({ status: 200, body: 'version=4.1.0 value=migrated\n' });
    });
  });

  describe('layout: in-place (hard-link snapshot for rollback)', () => {
    const page2 = () => get(`${inp.apache!.url}/`);

    it('first deploy serves the head revision in place', async () => {
      const r = await deploy('inplace');
      expect(r.code, r.stderr).toBe(0);
      expect(await page2()).toEqual({ status: 200, body: 'version=5.0.0 value=migrated\n' });
      expect(readFileSync(join(inp.path, 'REVISION'), 'utf8').trim()).toBe(repo.head());
      expectProtectedSurvive(join(inp.path, 'backend'));
    });

    it('health failure: code restored from the snapshot, previous version serves again', async () => {
      const good = repo.head();
      await repo.commit('in-place broken', { 'backend/FAIL': 'yes\n', 'backend/VERSION': '6.0.0\n', 'backend/extra.py': 'x = 1\n' });
      const r = await deploy('inplace');
      expect(r.code).toBe(1);
      expect(r.json.result).toBe('rolled-back');
      expect(r.stderr).toContain('code restored from its snapshot');
      expect(existsSync(join(inp.path, '.deploy', 'snapshots', good, 'backend', 'passenger_wsgi.py'))).toBe(true);
      expect(existsSync(join(inp.path, 'backend', 'FAIL'))).toBe(false);
      expect(existsSync(join(inp.path, 'backend', 'extra.py'))).toBe(false);
      expect(readFileSync(join(inp.path, 'REVISION'), 'utf8').trim()).toBe(good);
      expect(await page2()).toEqual({ status: 200, body: 'version=5.0.0 value=migrated\n' });
      expect(existsSync(join(inp.path, 'venv', 'bin', 'python'))).toBe(true);
      expectProtectedSurvive(join(inp.path, 'backend'));
    });

    it('failing migration: code restored, the previous version keeps serving', async () => {
      await repo.commit('in-place bad migration', {
        'backend/FAIL': null,
        'backend/migrations/0004.sql': 'NOPE;\n',
        'backend/VERSION': '7.0.0\n',
      });
      const r = await deploy('inplace');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/migration 0004\.sql failed/);
      expect(existsSync(join(inp.path, 'backend', 'migrations', '0004.sql'))).toBe(false);
      expect(await page2()).toEqual({ status: 200, body: 'version=5.0.0 value=migrated\n' });
    });

    it('a good deploy after the failures goes live', async () => {
      await repo.commit('in-place fixed', { 'backend/migrations/0004.sql': null, 'backend/VERSION': '7.0.1\n' });
      const r = await deploy('inplace');
      expect(r.code, r.stderr).toBe(0);
      expect(await page2()).toEqual({ status: 200, body: 'version=7.0.1 value=migrated\n' });
      expectProtectedSurvive(join(inp.path, 'backend'));
    });

    it('in place too, nothing deployed is writable by the group or others', () => {
      // backend/.env and backend/storage/ were written by this test, not deployed
      expect(groupOrOtherWritable(inp.path, ['backend/.env', 'backend/storage'])).toEqual([]);
    });
  });
});
