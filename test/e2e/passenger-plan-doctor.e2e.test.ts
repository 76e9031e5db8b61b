/**
 * A passenger target on real sshd + Apache + Passenger, as a new user meets it (issues #9, #12):
 * `plan` and `deploy` agree (a backend code change is upload + restart, a docs-only change is
 * nothing at all), and `doctor` says ok on a healthy host and names a broken one (the live
 * release without its passenger_wsgi.py), exiting 1. With the SSH key, `plan --target` reads the
 * host as the deploy does: without the virtualenv, both say pip runs and the release goes up.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable, startApache, type ApacheServer } from './harness/apache.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { PASSENGER_FIXTURE, pythonVenvAvailable } from './harness/passenger-hosts.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + apache2 + mod_passenger + python3-venv', sshdAvailable() && apacheAvailable() && pythonVenvAvailable());

interface Check {
  check: string;
  status: string;
  detail: string;
  fix?: string;
}

function configYaml(sshPort: number, path: string, apachePort: number): string {
  return `version: 1
rules:
  - {name: docs, paths: ["**/*.md"], ignore: true}
targets:
  shared:
    strategy: passenger
    host: root@127.0.0.1
    port: ${sshPort}
    path: ${path}
    app_root: backend
    shared: [backend/.env, backend/storage/]
    python: /usr/bin/python3
    pip_args: [--no-index, --find-links, wheels]
    backup: {engine: sqlite, path: shared/backend/storage/app.sqlite3, keep: 3}
    health: {url: "http://127.0.0.1:${apachePort}/", expect_body: "^version=", timeout: 8s}
`;
}

describe.runIf(ready)('passenger: plan and deploy agree, doctor on a healthy and a broken host', { timeout: 300_000 }, () => {
  let sshd: SshdHandle;
  let apache: ApacheServer;
  let tmp = '';
  let path = '';
  let repo: AppRepo;
  let env: Record<string, string> = {};
  const cli = (...args: string[]) => runCli([...args, '--repo', repo.dir, '--target', 'shared'], env);
  const current = () => readlinkSync(join(path, 'current'));
  const restartFile = () => join(path, 'current', 'backend', 'tmp', 'restart.txt');
  const pid = async () => (await (await fetch(`${apache.url}/pid`)).text()).trim();
  const byName = (checks: Check[], name: string) => checks.find((c) => c.check === name);

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-passenger-doctor');
    path = join(tmp, 'host', 'app');
    const sharedDir = join(path, 'shared', 'backend');
    await mkdir(join(sharedDir, 'storage'), { recursive: true });
    await writeFile(join(sharedDir, '.env'), 'SECRET_KEY=keep-me\n');
    const db = join(sharedDir, 'storage', 'app.sqlite3');
    execFileSync('sqlite3', [db, 'create table if not exists legacy(x); insert into legacy values (1);']);
    // Apache first (on a port free when it binds it): its port goes into the config
    const dir = join(tmp, 'apache');
    await mkdir(dir, { recursive: true, mode: 0o755 });
    apache = await startApache({ appRoot: join(path, 'current', 'backend'), dir, env: { APP_DB: db } });
    repo = await createAppRepo(PASSENGER_FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': configYaml(sshd.port, path, apache.port) });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  }, 120_000);

  afterAll(async () => {
    await apache?.stop();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('doctor before the first deploy: no failure, the startup file is left to the first deploy', async () => {
    const r = await cli('doctor', '--json');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const checks = r.json.doctor as Check[];
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(byName(checks, 'passenger_wsgi.py')).toMatchObject({ status: 'ok', detail: expect.stringContaining('nothing deployed yet') });
    expect(byName(checks, 'health')?.status).toBe('warn');
  });

  it('the first deploy goes live', async () => {
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(current()).toBe(`releases/${repo.head()}`);
  });

  it('doctor on the healthy host: every check ok, exit 0', async () => {
    const r = await cli('doctor', '--json');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const checks = r.json.doctor as Check[];
    expect(checks.map((c) => c.check)).toEqual([
      'host key',
      'write access',
      'free disk',
      'rsync',
      'virtualenv',
      'passenger_wsgi.py',
      'restart.txt',
      'apache user',
      'shared file',
      'backup',
      'health',
    ]);
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(byName(checks, 'passenger_wsgi.py')?.detail).toBe(join(path, 'current', 'backend', 'passenger_wsgi.py'));
  });

  it('a backend code change: plan says upload + restart; the deploy uploads a new release and restarts the app', async () => {
    await repo.commit('code change', { 'backend/app/main.py': 'def main():\n    return 1\n' });
    const text = await cli('plan');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^app\s+upload \+ restart\s+.*backend\/app\/main\.py/m);
    expect(text.stdout).not.toContain('Nothing to deploy');
    expect(text.stdout).not.toContain('Unmatched');
    const planned = await cli('plan', '--json');
    expect(planned.json).toMatchObject({ upload: ['app'], unmatched: [], tasks: [] });
    const [mtime, before, releaseBefore] = [statSync(restartFile()).mtimeMs, await pid(), current()];
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ upload: ['app'], unmatched: [], tasks: [] });
    expect(current()).not.toBe(releaseBefore);
    expect(current()).toBe(`releases/${repo.head()}`);
    expect(statSync(restartFile()).mtimeMs).toBeGreaterThan(mtime);
    expect(await pid()).not.toBe(before);
  });

  it('a docs-only change: plan says nothing to deploy; the deploy leaves the host alone', async () => {
    const snapshot = async () => ({
      current: current(),
      releases: readdirSync(join(path, 'releases')).sort(),
      backups: readdirSync(join(path, 'backups')).sort(),
      restart: statSync(restartFile()).mtimeMs,
      state: readFileSync(join(path, '.deploy', 'state.json'), 'utf8'),
      pid: await pid(),
    });
    const before = await snapshot();
    await repo.commit('docs only', { 'backend/GUIDE.md': '# How to run it\n', 'README.md': 'changed readme\n' });
    const text = await cli('plan');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Nothing to deploy: 2 changed files (2 ignored, 0 unmatched), no service or task affected.');
    expect((await cli('plan', '--json')).json).toMatchObject({ upload: [], tasks: [], unmatched: [] });
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.backup).toBeUndefined();
    expect(r.json.notes.join('\n')).toContain('no backup, no upload, no restart');
    expect(await snapshot()).toEqual(before);
  });

  it('the virtualenv gone: plan --target with the key says what the deploy then does (pip, upload + restart)', async () => {
    await rename(join(path, 'venv'), join(tmp, 'venv.gone'));
    await repo.commit('more docs', { 'backend/GUIDE.md': '# How to run it, again\n' });
    const planned = await cli('plan', '--json');
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.json).toMatchObject({ tasks: ['pip-install'], upload: ['app'] });
    expect(planned.json.reasons).toContainEqual(expect.objectContaining({ task: 'pip-install', rule: 'venv-missing' }));
    const text = await cli('plan');
    expect(text.stdout).toMatch(/^app +upload \+ restart +steps \(pip-install runs: the release goes up/m);
    expect(text.stdout).not.toContain('Nothing to deploy');
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect({ tasks: r.json.plan.tasks, upload: r.json.plan.upload }).toEqual({ tasks: planned.json.tasks, upload: planned.json.upload });
    expect(current()).toBe(`releases/${repo.head()}`);
    expect(statSync(join(path, 'venv', 'bin', 'python')).isFile()).toBe(true);
  });

  it('doctor on a broken host (the live release lost its passenger_wsgi.py): that check fails with its fix, exit 1', async () => {
    const startup = join(path, 'current', 'backend', 'passenger_wsgi.py');
    await rm(startup);
    const r = await cli('doctor', '--json');
    expect(r.code, r.stdout).toBe(1);
    const checks = r.json.doctor as Check[];
    expect(byName(checks, 'passenger_wsgi.py')).toMatchObject({
      status: 'fail',
      detail: `${startup} is missing: Passenger cannot start the app`,
      fix: expect.stringContaining('app_root'),
    });
    expect(r.json.error).toMatch(/passenger_wsgi\.py/);
    const text = await cli('doctor');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAIL {2}passenger_wsgi\.py .* is missing/m);
    expect(text.stdout).toMatch(/fix: check app_root/);
  });
});
