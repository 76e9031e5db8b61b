/**
 * `layout: in-place` (rsync straight into the deploy path, as the seeds do by hand) on real
 * components: protected paths survive, files deleted from git disappear, only planned services move.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { CLI, runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, logsOf, removeProject, uniqueProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)('compose deploy with layout: in-place', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  const project = uniqueProject('gdinplace');
  let env: Record<string, string> = {};
  const deploy = () => runCli(['deploy', '--repo', repo.dir, '--json'], env);

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-inplace');
    hostPath = join(tmp, 'srv', 'app with space');
    const config = `version: 1
compose: {directory: docker, project: ${project}, command: docker-compose}
rules:
  - {name: templates, paths: ["**/templates/**"], build: [web]}
targets:
  only:
    strategy: compose
    host: root@127.0.0.1
    port: ${sshd.port}
    path: ${hostPath}
    layout: in-place
    shared: [.env, media/]
    backup: {engine: sqlite, path: db.sqlite3}
    health: {timeout: 20s}
`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config, 'docs/old.md': 'old doc\n' });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await mkdir(join(hostPath, 'media'), { recursive: true });
    await writeFile(join(hostPath, '.env'), 'SECRET=1\n');
    await writeFile(join(hostPath, 'media', 'photo.jpg'), 'upload');
    await mkdir(join(hostPath, 'backups'), { recursive: true });
    await writeFile(join(hostPath, 'backups', 'keep-me.sql.gz'), 'an older backup');
    execFileSync('sqlite3', [join(hostPath, 'db.sqlite3'), 'create table t(x); insert into t values (42);']);
  });

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('first deploy syncs into the path and starts everything', async () => {
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(hostPath, 'manage.py'))).toBe(true);
    expect(existsSync(join(hostPath, 'current'))).toBe(false);
    expect(Object.keys(await containerIds(project))).toHaveLength(6);
  });

  it('a template change replaces only web; deleted files go, protected paths stay', async () => {
    const before = await containerIds(project);
    await repo.commit('template + delete', { 'app/templates/index.html': '<p>in place</p>', 'docs/old.md': null });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    const after = await containerIds(project);
    expect(Object.keys(after).filter((s) => after[s] !== before[s])).toEqual(['web']);
    expect(await logsOf(after.web!)).toContain(`release=${repo.head()}`);
    expect(existsSync(join(hostPath, 'docs/old.md'))).toBe(false);
    expect(readFileSync(join(hostPath, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(readFileSync(join(hostPath, 'media', 'photo.jpg'), 'utf8')).toBe('upload');
    expect(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8')).toContain(repo.head());
    expect(
      readFileSync(join(hostPath, '.deploy', 'audit.log'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
    expect(existsSync(join(hostPath, 'backups', 'keep-me.sql.gz'))).toBe(true);
    expect(execFileSync('sqlite3', [join(hostPath, 'db.sqlite3'), 'select x from t'], { encoding: 'utf8' }).trim()).toBe('42');
  });

  it('a failing build after the in-place upload puts the previous files back; nothing went live', async () => {
    const before = await containerIds(project);
    /** every container on the engine that ran the failing `RUN false` step (v1's legacy builder keeps it without --force-rm) */
    const failedSteps = () =>
      execFileSync('docker', ['ps', '-a', '--no-trunc', '--filter', 'status=exited', '--format', '{{.ID}} {{.Command}}'], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter((l) => l.includes('-c false'))
        .map((l) => l.split(' ')[0]);
    const stepsBefore = failedSteps();
    const deployed = repo.head();
    const dockerfile = readFileSync(join(repo.dir, 'docker/Dockerfile'), 'utf8');
    await repo.commit('broken build', { 'docker/Dockerfile': `${dockerfile}RUN false\n`, 'app/templates/index.html': '<p>never live</p>' });
    const r = await deploy();
    expect(r.code).toBe(1);
    expect(r.json.result).toBe('failure');
    expect(r.json.notes.join('\n')).toMatch(/nothing went live/);
    expect(readFileSync(join(hostPath, 'docker/Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(readFileSync(join(hostPath, 'REVISION'), 'utf8').trim()).toBe(deployed);
    expect(await containerIds(project)).toEqual(before);
    expect(failedSteps().filter((id) => !stepsBefore.includes(id))).toEqual([]);
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
    const audit = readFileSync(join(hostPath, '.deploy', 'audit.log'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(audit.at(-1)!)).toMatchObject({ result: 'failed', to: repo.head() });
    expect(readFileSync(join(hostPath, '.env'), 'utf8')).toBe('SECRET=1\n');
  });

  it('Ctrl-C during a deploy releases the lock and removes the key; the next deploy converges', async () => {
    await repo.commit('fixed build', { 'docker/Dockerfile': readFileSync(join(FIXTURE, 'docker/Dockerfile'), 'utf8') });
    // its own TMPDIR: other processes on the machine make key dirs in the shared one
    const ownTmp = join(tmp, 'cli-tmp');
    await mkdir(ownTmp, { recursive: true });
    const keyDirs = () => readdirSync(ownTmp).filter((n) => n.startsWith('gitops-ssh-'));
    const child = spawn(process.execPath, [CLI, 'deploy', '--repo', repo.dir, '--json'], {
      env: { ...process.env, ...env, TMPDIR: ownTmp },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('▶ Upload') && child.exitCode === null && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGINT: releasing the deploy lock/);
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
    expect(keyDirs()).toEqual([]);
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(hostPath, 'REVISION'), 'utf8').trim()).toBe(repo.head());
  });
});
