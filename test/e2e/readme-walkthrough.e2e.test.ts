/**
 * Issue #12: a new user follows the README's "Getting started" literally, on the busybox compose
 * fixture over a real sshd and the shared dockerd: `init` in the app's repository, the edits it
 * asks for, `plan`, the server prepared as the README says, `doctor`, commit, `plan --target`,
 * `deploy --dry-run`, `deploy`, then a template change. Each step asserts what the README promises.
 * The one edit beyond host/path/health.url is the one the README names for an image without
 * `python`: the tasks' commands (the busybox fixture has no python).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, removeProject } from './harness/docker.js';
import { freePort } from './harness/ports.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine + compose', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)('the README walk-through: init → plan → doctor → deploy --dry-run → deploy', { timeout: 600_000 }, () => {
  let sshd: SshdHandle;
  let http: Server;
  let tmp = '';
  let repo = '';
  let hostPath = '';
  let healthUrl = '';
  // init names the compose project after the repository's directory: unique per run
  const project = `walk${process.pid}${Date.now().toString(36)}`;
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-C', repo, '-c', 'user.name=New User', '-c', 'user.email=new@example.com', '-c', 'commit.gpgsign=false', ...args],
      {
        encoding: 'utf8',
      },
    );
  // the README's commands, run in the repository: `npx gitops-deploy ...` with GITOPS_SSH_KEY="$(cat deploy_key)"
  const npx = (...args: string[]) => runCli(args, {}, { cwd: repo });
  const withKey = (...args: string[]) =>
    runCli(
      [...args, '--known-hosts', 'known_hosts.scan'],
      { GITOPS_SSH_KEY: readFileSync(join(repo, 'deploy_key'), 'utf8') },
      { cwd: repo },
    );

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-walk');
    repo = join(tmp, project);
    hostPath = join(tmp, 'host', project);
    await cp(FIXTURE, repo, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'the app');
    // what the user has besides the repository: the deploy key and the scanned host key (checked out of band)
    await writeFile(join(repo, 'deploy_key'), sshd.clientKey, { mode: 0o600 });
    await writeFile(join(repo, 'known_hosts.scan'), sshd.knownHosts);
    await writeFile(join(repo, '.git', 'info', 'exclude'), 'deploy_key\nknown_hosts.scan\n');
    const port = await freePort();
    http = createServer((_q, r) => r.end('ok')).listen(port, '127.0.0.1');
    healthUrl = `http://127.0.0.1:${port}/health/`;
  }, 300_000);

  afterAll(async () => {
    await removeProject(project);
    http?.close();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('init writes the config and the four workflows, prints the secrets and what is left to fill in', async () => {
    const r = await npx('init');
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['deploy.yml', 'workflows/deploy.yml', 'workflows/rollback.yml', 'workflows/backup.yml', 'workflows/plan.yml']) {
      expect(r.stdout).toContain(`wrote .github/${f}`);
      expect(existsSync(join(repo, '.github', f))).toBe(true);
    }
    expect(r.stdout).toMatch(/secret +DEPLOY_SSH_KEY/);
    expect(r.stdout).toMatch(/variable DEPLOY_KNOWN_HOSTS/);
    expect(r.stdout).toContain('set targets.production.host (user@host) and path');
    expect(r.stdout).toContain('set targets.production.health.url');
    const config = await readFile(join(repo, '.github', 'deploy.yml'), 'utf8');
    expect(config).toContain('command: python manage.py migrate --noinput');
  });

  it('init again writes nothing and names the files (--force overwrites)', async () => {
    const before = await readFile(join(repo, '.github', 'deploy.yml'), 'utf8');
    const r = await npx('init');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.github\/deploy\.yml, .*already exist; nothing written \(--force overwrites them\)/);
    expect(await readFile(join(repo, '.github', 'deploy.yml'), 'utf8')).toBe(before);
  });

  it('the edits init asks for (host, path, health.url; the port of this sshd; task commands this image runs), then plan', async () => {
    const file = join(repo, '.github', 'deploy.yml');
    const doc = parseDocument(await readFile(file, 'utf8'));
    doc.setIn(['targets', 'production', 'host'], 'root@127.0.0.1');
    doc.setIn(['targets', 'production', 'port'], sshd.port);
    doc.setIn(['targets', 'production', 'path'], hostPath);
    doc.setIn(['targets', 'production', 'health'], doc.createNode({ url: healthUrl }));
    // README: the proposed tasks use the image's python; this busybox image has none
    doc.setIn(['tasks', 'migrate', 'command'], 'echo migrated >> /app/media/migrations.log');
    doc.setIn(['tasks', 'collectstatic', 'command'], 'echo collectstatic');
    await writeFile(file, doc.toString());
    const r = await npx('plan');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('planned as a first deploy');
    expect(r.stdout).toContain(
      'A first deploy builds 4 services (celery_beat, celery_worker, flower, web), starts 2 more (db, nginx), runs 2 tasks (migrate, collectstatic).',
    );
  });

  it('the server prepared as the README says; doctor: no check fails', async () => {
    // "create ... <path>/shared/.env ... and the data directories (mkdir -p <path>/shared/media)"
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), '', { mode: 0o600 });
    const r = await withKey('doctor', '--target', 'production');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^FAIL/m);
    for (const check of ['host key', 'docker', 'compose', 'write access', 'free disk', 'rsync', 'health'])
      expect(r.stdout).toMatch(new RegExp(`^ok {4}${check} `, 'm'));
  });

  it('committed; plan --target with the key: "First deploy: nothing is deployed on production yet."', async () => {
    git('add', '.github');
    git('commit', '-q', '-m', 'gitops-deploy config');
    const r = await withKey('plan', '--target', 'production');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('First deploy: nothing is deployed on production yet.');
    expect(r.stdout).toMatch(/^migrate +first deploy$/m);
  });

  it('deploy --dry-run lists the commands and changes nothing on the host', async () => {
    const r = await withKey('deploy', '--target', 'production', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('dry-run: nothing was changed on the host; a deploy would run:');
    expect(r.stdout).toMatch(/result: dry-run/);
    expect(existsSync(join(hostPath, 'releases'))).toBe(false);
    expect(existsSync(join(hostPath, 'current'))).toBe(false);
    expect(await containerIds(project)).toEqual({});
  });

  it('deploy: every service up, the first deploy runs migrate once, the shared files stay', async () => {
    const r = await withKey('deploy', '--target', 'production');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('result: success');
    const head = git('rev-parse', 'HEAD').trim();
    expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${head}`);
    expect(Object.keys(await containerIds(project)).sort()).toEqual(['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'web']);
    expect(readFileSync(join(hostPath, 'shared', 'media', 'migrations.log'), 'utf8')).toBe('migrated\n');
    expect(existsSync(join(hostPath, 'shared', '.env'))).toBe(true);
  });

  it('a template change rebuilds and restarts web only (the README: templates → web)', async () => {
    const before = await containerIds(project);
    const page = join(repo, 'app', 'templates', 'index.html');
    await writeFile(page, `${await readFile(page, 'utf8')}<!-- v2 -->\n`);
    git('commit', '-q', '-am', 'template');
    const r = await withKey('deploy', '--target', 'production', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: ['web'], recreate: [], restart: [], tasks: [], unmatched: [] });
    const after = await containerIds(project);
    expect(Object.keys(after).filter((s) => after[s] !== before[s])).toEqual(['web']);
  });
});
