/**
 * Issue #3 on real components: the CLI deploys the Django/Celery-shaped fixture over a real sshd
 * with rsync, docker-compose v1 on a real engine, a real SQLite backup and a real MariaDB backup.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb } from './harness/databases.js';
import {
  buildBusyboxBaseImage,
  containerIds,
  containerState,
  dockerAvailable,
  imageIdOf,
  logsOf,
  removeProject,
  uniqueProject,
} from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + docker-compose v1 + MariaDB',
  sshdAvailable() && (await dockerAvailable()) && (await ensureMariadb()),
);

function configYaml(project: string, port: number, path: string): string {
  return `${fixtureHeader(project)}${FIXTURE_RULES}targets:
${composeTarget('vps', port, path, ['keep_releases: 3', 'backup: {engine: sqlite, path: shared/db.sqlite3, keep: 3}', 'health: {services: true, timeout: 20s}'])}${composeTarget(
    'vps-mariadb',
    port,
    path,
    ['backup: {engine: mariadb, database: gd_e2e_deploy, user: gd_e2e_user, host: 127.0.0.1, password_env: DB_PASSWORD}'],
  )}`;
}

describe.runIf(ready)('compose deploy over real SSH (issue #3)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  const project = uniqueProject('gde2e');
  let env: Record<string, string> = {};
  const deploy = (...extra: string[]) => runCli(['deploy', '--repo', repo.dir, '--target', 'vps', '--json', ...extra], env);
  const ids = () => containerIds(project);
  const changedIds = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(b)
      .filter((s) => a[s] !== b[s])
      .sort();

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-deploy');
    hostPath = join(tmp, 'host', 'app');
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': configYaml(project, sshd.port, hostPath) });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=keep-me\n');
    await writeFile(join(hostPath, 'shared', 'media', 'upload.jpg'), 'user upload');
    execFileSync('sqlite3', [join(hostPath, 'shared', 'db.sqlite3'), 'create table t(x); insert into t values (1),(2);']);
    await createMariadbDb('gd_e2e_deploy', 'gd_e2e_user', 'right-password');
  });

  afterAll(async () => {
    await removeProject(project);
    await dropMariadbDb('gd_e2e_deploy', 'gd_e2e_user').catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  const expectProtectedSurvive = () => {
    expect(readFileSync(join(hostPath, 'shared', '.env'), 'utf8')).toBe('SECRET_KEY=keep-me\n');
    expect(readFileSync(join(hostPath, 'shared', 'media', 'upload.jpg'), 'utf8')).toBe('user upload');
  };

  /** Type and content of every entry under `dir` (the shared links left out), by relative path. */
  const treeOf = (dir: string, rel = ''): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && ['.env', 'media'].includes(e.name)) continue;
      if (e.isDirectory()) Object.assign(out, { [path]: 'dir' }, treeOf(dir, path));
      else out[path] = e.isSymbolicLink() ? `link ${readlinkSync(join(dir, path))}` : readFileSync(join(dir, path), 'utf8');
    }
    return out;
  };
  /** The release directory of `sha` holds exactly a fresh export of it (git archive + REVISION). */
  const expectReleaseIsExport = async (sha: string) => {
    const fresh = join(tmp, `export-${sha}`);
    await mkdir(fresh);
    execFileSync('sh', ['-c', 'git -C "$1" archive "$2" | tar -x -C "$3"', 'sh', repo.dir, sha, fresh]);
    await writeFile(join(fresh, 'REVISION'), `${sha}\n`);
    expect(treeOf(join(hostPath, 'releases', sha))).toEqual(treeOf(fresh));
    await removeTree(fresh);
  };
  const inode = (release: string, path: string) => statSync(join(hostPath, 'releases', release, path)).ino;

  it('first deploy builds and starts everything, backs up SQLite, records the release', async () => {
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    const sha = repo.head();
    expect(r.json.result).toBe('success');
    expect(r.json.plan.from).toBeNull();
    expect(r.json.plan.build).toEqual(['celery_beat', 'celery_worker', 'flower', 'web']);
    // a first deploy runs every task of a deployed service (migrate writes into the shared media)
    expect(r.json.plan.tasks).toEqual(['migrate', 'collectstatic']);
    expect(readFileSync(join(hostPath, 'shared', 'media', 'migrations.log'), 'utf8')).toBe('migrated\n');
    expect(Object.keys(await ids()).sort()).toEqual(['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'web']);
    expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${sha}`);
    const state = JSON.parse(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8'));
    expect(state.current).toBe(sha);
    expect(r.json.backup.file).toMatch(/backups\/vps-\d{8}T\d{6}Z-[0-9a-f]{12}\.sqlite3\.gz$/);
    expect(existsSync(r.json.backup.file)).toBe(true);
    expect(await logsOf((await ids()).web!)).toContain(`release=${sha}`);
    expectProtectedSurvive();
  });

  it('template change: only web is replaced; the upload sends only the changed paths (diff)', async () => {
    const before = await ids();
    const previous = repo.head();
    // with it a deletion that empties a directory (docs/) and an added file: both ignored by the rules
    await repo.commit('template', { 'app/templates/index.html': '<h1>v2</h1>\n', 'docs/README.md': null, 'notes/added.md': 'new\n' });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.build).toEqual(['web']);
    expect(r.stderr).toContain(`upload: 3 changed paths of 17 (diff from ${previous.slice(0, 12)})`);
    await expectReleaseIsExport(repo.head());
    expect(existsSync(join(hostPath, 'releases', repo.head(), 'docs'))).toBe(false);
    // unchanged files are hard links of the previous release's, the changed one a new file
    expect(inode(repo.head(), 'manage.py')).toBe(inode(previous, 'manage.py'));
    expect(inode(repo.head(), 'app/views.py')).toBe(inode(previous, 'app/views.py'));
    expect(inode(repo.head(), 'app/templates/index.html')).not.toBe(inode(previous, 'app/templates/index.html'));
    expect(readFileSync(join(hostPath, 'releases', previous, 'app/templates/index.html'), 'utf8')).not.toContain('v2');
    const after = await ids();
    expect(changedIds(before, after)).toEqual(['web']);
    expect(await logsOf(after.web!)).toContain(`release=${repo.head()}`);
    expectProtectedSurvive();
  });

  it('python change: web, celery_worker, celery_beat replaced; flower, nginx, db untouched', async () => {
    const before = await ids();
    const deployed = repo.head();
    await repo.commit('python', { 'app/views.py': 'def index():\n    return "v3"\n' });
    const planned = await runCli(['plan', '--repo', repo.dir, '--target', 'vps', '--json'], env);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.json.from).toBe(deployed);
    expect(planned.json.build).toEqual(['celery_beat', 'celery_worker', 'web']);
    // the live release edited by hand on the host: it no longer matches its manifest
    execFileSync('sh', ['-c', 'printf "#" >> "$1"', 'sh', join(hostPath, 'releases', deployed, 'manage.py')]);
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(changedIds(before, await ids())).toEqual(['celery_beat', 'celery_worker', 'web']);
    expect(r.stderr).toContain('upload: full (the previous release directory changed since its upload, or the upload rules did)');
    await expectReleaseIsExport(repo.head());
    expect(readFileSync(join(hostPath, 'releases', deployed, 'manage.py'), 'utf8')).toMatch(/#$/);
  });

  it('a diff upload whose tar cannot be extracted, a run killed while archiving, a half-made directory: each leaves the exact tree', async () => {
    const previous = repo.head();
    // git for the diff upload's archive only (`<sha>^{tree}`): a stream that is no gzip (CUT=corrupt), or the run killed (CUT=kill)
    const bin = join(tmp, 'cut-git');
    await mkdir(bin, { recursive: true });
    const cutScript = `#!/bin/sh
case " $* " in *" archive "*"^{tree} "*) [ "$CUT" = kill ] && kill -9 $PPID; echo "not a tar"; exit 0;; esac
exec /usr/bin/git "$@"
`;
    await writeFile(join(bin, 'git'), cutScript, { mode: 0o755 });
    const cutRun = (how: string, ...extra: string[]) =>
      runCli(['deploy', '--repo', repo.dir, '--target', 'vps', '--json', ...extra], {
        ...env,
        PATH: `${bin}:${process.env.PATH}`,
        CUT: how,
        // a killed run leaves its exported tree behind: in the test's own directory, not /tmp
        TMPDIR: tmp,
      });

    // the host copies the previous release, unlinks the changed paths, then tar fails: it empties the directory and the full upload follows
    const corrupt = await repo.commit('docs only', { 'docs/retry.md': 'retry me\n', 'notes/added.md': null, 'README.md': '# retried\n' });
    const fellBack = await cutRun('corrupt');
    expect(fellBack.code, fellBack.stderr).toBe(0);
    expect(fellBack.stderr).toContain('upload: full (tar could not extract the changed files)');
    expect(fellBack.stderr).not.toContain('changed paths of');
    await expectReleaseIsExport(corrupt);
    expect(readFileSync(join(hostPath, 'releases', previous, 'README.md'), 'utf8')).not.toContain('retried');

    const killedSha = await repo.commit('docs again', { 'docs/retry.md': 'retry me again\n', 'notes/more.md': 'more\n' });
    const killed = await cutRun('kill');
    expect(killed.code).not.toBe(0);
    // the dead run's lock (force-unlock would break it once 3 heartbeats, 30 s, are missed) removed by hand
    execFileSync('rm', ['-rf', join(hostPath, '.deploy', 'lock')]);
    // what a run killed during its round trip leaves: the copy, partly updated
    const half = join(hostPath, 'releases', killedSha);
    execFileSync('sh', [
      '-c',
      'mkdir -p "$2" && cp -al "$1"/. "$2"/ && rm -f "$2/docs/retry.md"',
      'sh',
      join(hostPath, 'releases', corrupt),
      half,
    ]);
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('upload: full (the new release directory is not empty: a retry)');
    await expectReleaseIsExport(killedSha);
    expect(readFileSync(join(hostPath, 'releases', corrupt, 'docs/retry.md'), 'utf8')).toBe('retry me\n');
    expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${killedSha}`);
  });

  it('compose change to one service command: only it is recreated, nothing built', async () => {
    const before = await ids();
    const imageBefore = await imageIdOf(before.web!);
    const file = join(repo.dir, 'docker/docker-compose.yml');
    const yaml = readFileSync(file, 'utf8').replace('["sh", "/app/docker/run.sh", "flower"]', '["sh", "/app/docker/run.sh", "flower-v2"]');
    await repo.commit('flower command', { 'docker/docker-compose.yml': yaml });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.build).toEqual([]);
    expect(r.json.plan.recreate).toEqual(['flower']);
    const after = await ids();
    expect(changedIds(before, after)).toEqual(['flower']);
    expect(await imageIdOf(after.web!)).toBe(imageBefore);
    expect(await logsOf(after.flower!)).toContain('role=flower-v2');
  });

  it('nginx conf (bind mount) change: nginx restarted with the new conf, nothing built', async () => {
    const before = await ids();
    const startedBefore = (await containerState(before.nginx!)).startedAt;
    await repo.commit('nginx conf', { 'docker/nginx/nginx.conf': 'server { listen 8080; } # v2\n' });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.build).toEqual([]);
    expect(r.json.plan.restart).toEqual(['nginx']);
    const after = await ids();
    expect(changedIds(before, after)).toEqual([]);
    expect((await containerState(after.nginx!)).startedAt).not.toBe(startedBefore);
    const md5 = execFileSync('md5sum', [join(hostPath, 'current/docker/nginx/nginx.conf')], { encoding: 'utf8' }).split(' ')[0];
    expect(await logsOf(after.nginx!)).toContain(`conf=${md5}`);
  });

  it('Dockerfile change: the four app services rebuilt with --no-cache', async () => {
    const before = await ids();
    const dockerfile = readFileSync(join(repo.dir, 'docker/Dockerfile'), 'utf8');
    await repo.commit('dockerfile', { 'docker/Dockerfile': `${dockerfile}LABEL rebuilt=yes\n` });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.noCache).toEqual(['celery_beat', 'celery_worker', 'flower', 'web']);
    expect(changedIds(before, await ids())).toEqual(['celery_beat', 'celery_worker', 'flower', 'web']);
    expectProtectedSurvive();
  });

  it('re-running the same sha builds nothing and ends in the same state', async () => {
    const before = await ids();
    const stateBefore = JSON.parse(readFileSync(join(hostPath, '.deploy/state.json'), 'utf8'));
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.build).toEqual([]);
    expect(r.json.plan.recreate).toEqual([]);
    expect(await ids()).toEqual(before);
    const stateAfter = JSON.parse(readFileSync(join(hostPath, '.deploy/state.json'), 'utf8'));
    expect(stateAfter.current).toBe(stateBefore.current);
    // nothing to change: no backup; the record keeps its predecessor and pre-deploy backup
    expect(r.json.backup).toBeUndefined();
    expect(stateAfter.releases[0].previous).toBe(stateBefore.releases[0].previous);
    expect(stateAfter.releases[0].previous).not.toBe(stateAfter.current);
    expect(stateAfter.releases[0].backup).toEqual(stateBefore.releases[0].backup);
    // keep_releases: 3 after six deploys of distinct commits: the current one and two before it
    const releases = readdirSync(join(hostPath, 'releases')).sort();
    expect(releases).toHaveLength(3);
    expect(releases).toContain(stateAfter.current);
    // one manifest per kept release: the prune deleted those of the releases it removed
    expect(readdirSync(join(hostPath, '.deploy', 'manifests')).sort()).toEqual(releases);
    // unchanged files of consecutive releases are hard links (rsync --link-dest)
    const [a, b] = stateAfter.releases.slice(0, 2).map((r: { id: string }) => statSync(join(hostPath, 'releases', r.id, 'manage.py')).ino);
    expect(a).toBe(b);
  });

  it('a second deploy while the lock is held is refused, naming the holder', async () => {
    const lock = join(hostPath, '.deploy', 'lock');
    await mkdir(lock);
    await writeFile(
      join(lock, 'info.json'),
      JSON.stringify({ runId: 'other-run', sha: 'f'.repeat(40), actor: 'alice', command: 'deploy', time: new Date().toISOString() }),
    );
    const before = await ids();
    await repo.commit('template again', { 'app/templates/index.html': '<h1>locked</h1>\n' });
    const r = await deploy();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/another deploy holds the lock: run other-run by alice/);
    expect(await ids()).toEqual(before);
    execFileSync('rm', ['-rf', lock]);
  });

  it('wrong database password: deploy aborted before anything changes', async () => {
    const before = await ids();
    const current = readlinkSync(join(hostPath, 'current'));
    const r = await runCli(['deploy', '--repo', repo.dir, '--target', 'vps-mariadb', '--json'], {
      ...env,
      GITOPS_DB_PASSWORD: 'wrong-password',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Access denied|backup/i);
    expect(r.stderr).not.toContain('wrong-password');
    expect(readlinkSync(join(hostPath, 'current'))).toBe(current);
    expect(await ids()).toEqual(before);
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
  });

  it('failing healthcheck: automatic rollback to the previous release, job fails', async () => {
    const previous = readlinkSync(join(hostPath, 'current'));
    await repo.commit('unhealthy', { UNHEALTHY: 'yes\n' });
    const bad = repo.head();
    const r = await deploy();
    expect(r.code).toBe(1);
    expect(r.json.result).toBe('rolled-back');
    expect(readlinkSync(join(hostPath, 'current'))).toBe(previous);
    const web = (await ids()).web!;
    const logs = await logsOf(web);
    expect(logs).toContain(`release=${previous.replace('releases/', '')}`);
    expect(logs).not.toContain(`release=${bad}`);
    // the failing web's own logs were collected before the undo replaced it: in the report (job summary) and the log
    const collected = (r.json.diagnostics ?? []) as { title: string; text: string }[];
    expect(collected.find((d) => d.title === 'compose logs --tail 100 web')?.text).toContain(`release=${bad}`);
    expect(r.stderr).toContain('compose logs --tail 100 web:');
    const state = JSON.parse(readFileSync(join(hostPath, '.deploy/state.json'), 'utf8'));
    expect(state.releases[0]).toMatchObject({ id: bad, result: 'failed' });
    expect(state.current).toBe(previous.replace('releases/', ''));
    const audit = readFileSync(join(hostPath, '.deploy/audit.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(audit.at(-1)!).result).toMatch(/failed/);
    expectProtectedSurvive();
  });
});
