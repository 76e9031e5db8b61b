/**
 * Trees a repository may hold that a sync must not trust, on real components (a real sshd, the
 * real CLI, rsync and the diff upload's tar): a committed symbolic link above a `shared` entry
 * (pointing into <path>/shared, or outside the app), and file names that are not UTF-8. A passenger
 * target without a web server (no health URL, restart by touch) and a stand-in virtualenv keep it
 * fast: what is checked is what lands on the host.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './harness/cli.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());
const LONG = 180_000;

/** A repository in `dir`: `files` written (a Buffer key path is used as raw bytes), committed. */
function gitIn(dir: string) {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
      encoding: 'utf8',
    });
  return {
    git,
    commit(message: string): string {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

describe.runIf(ready)('a sync never writes through a committed link, and sends every changed name', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-hostile-tree');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /** A repo `name` with a passenger target of layout `layout` at <tmp>/<name>/host, its venv a stand-in. */
  async function setup(name: string, layout: 'releases' | 'in-place', shared: string[]) {
    const repoDir = join(tmp, name, 'repo');
    const path = join(tmp, name, 'host');
    await mkdir(join(repoDir, '.github'), { recursive: true });
    await mkdir(join(path, 'venv', 'bin'), { recursive: true });
    await writeFile(join(path, 'venv', 'bin', 'python'), '#!/bin/sh\nexit 0\n');
    await chmod(join(path, 'venv', 'bin', 'python'), 0o755);
    await writeFile(
      join(repoDir, '.github', 'deploy.yml'),
      `version: 1
targets:
  t:
    strategy: passenger
    host: root@127.0.0.1
    port: ${sshd.port}
    path: ${path}
    layout: ${layout}
    shared: [${shared.join(', ')}]
`,
    );
    await writeFile(join(repoDir, 'passenger_wsgi.py'), 'application = None\n');
    await writeFile(join(repoDir, 'requirements.txt'), '');
    for (let i = 0; i < 30; i++) await writeFile(join(repoDir, `filler-${i}.txt`), `${i}\n`);
    const repo = gitIn(repoDir);
    repo.git('init', '-q', '-b', 'main');
    repo.commit('initial');
    const deploy = (): Promise<CliRun> => runCli(['deploy', '--repo', repoDir, '--json'], env);
    return { repoDir, path, repo, deploy };
  }

  it(
    'releases: a committed link above a shared entry, into <path>/shared or outside the app: refused, the shared file and the outside one kept',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('rel-link', 'releases', ['conf/.env', 'ext/.env']);
      const outside = join(tmp, 'rel-link', 'outside');
      await mkdir(outside, { recursive: true });
      await writeFile(join(outside, '.env'), 'another app\n');
      await mkdir(join(path, 'shared', 'conf'), { recursive: true });
      await writeFile(join(path, 'shared', 'conf', '.env'), 'SECRET=1\n');
      await mkdir(join(repoDir, 'conf'));
      await writeFile(join(repoDir, 'conf', 'settings.py'), 'X = 1\n');
      const v1 = repo.commit('v1');
      expect((await deploy()).code).toBe(0);
      // v2: conf becomes a link to <path>/shared/conf (as seen from releases/<id>), ext one outside the app
      await removeTree(join(repoDir, 'conf'));
      await symlink('../../shared/conf', join(repoDir, 'conf'));
      await symlink(outside, join(repoDir, 'ext'));
      const v2 = repo.commit('v2: links');
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/shared entry (conf|ext)\/\.env: .* is a symbolic link; nothing is linked or removed through it/);
      expect(readFileSync(join(path, 'shared', 'conf', '.env'), 'utf8')).toBe('SECRET=1\n');
      expect(readFileSync(join(outside, '.env'), 'utf8')).toBe('another app\n');
      expect(readdirSync(outside)).toEqual(['.env']);
      expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v1}`);
      expect(existsSync(join(path, 'releases', v2))).toBe(false);
    },
    LONG,
  );

  it(
    'in-place: a shared directory entry below a committed link outside the app: refused and reverted, nothing written there',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('inp-link', 'in-place', []);
      const outside = join(tmp, 'inp-link', 'outside');
      await mkdir(outside, { recursive: true });
      const v1 = repo.commit('v1');
      expect((await deploy()).code).toBe(0);
      const config = readFileSync(join(repoDir, '.github', 'deploy.yml'), 'utf8');
      await writeFile(join(repoDir, '.github', 'deploy.yml'), config.replace('shared: []', 'shared: [ext/logs/]'));
      await symlink(outside, join(repoDir, 'ext'));
      repo.commit('v2: ext is a link, ext/logs/ shared');
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`shared entry ext/logs: ${join(path, 'ext')} is a symbolic link`);
      expect(r.json.result).toBe('failure');
      expect(readdirSync(outside)).toEqual([]);
      expect(readFileSync(join(path, 'REVISION'), 'utf8').trim()).toBe(v1);
      expect(existsSync(join(path, 'ext'))).toBe(false);
    },
    LONG,
  );

  it(
    'releases, diff upload: a changed, an added and a deleted file whose names are not UTF-8',
    async () => {
      const { repoDir, path, repo, deploy } = await setup('latin1', 'releases', []);
      const name = (s: string) => Buffer.concat([Buffer.from(s), Buffer.from([0xe9]), Buffer.from('.txt')]);
      const at = (dir: string, n: Buffer) => Buffer.concat([Buffer.from(`${dir}/`), n]);
      await writeFile(at(repoDir, name('caf')), 'v1\n');
      await writeFile(at(repoDir, name('gone')), 'v1\n');
      repo.commit('v1');
      const v1 = await deploy();
      expect(v1.code, v1.stderr).toBe(0);
      await writeFile(at(repoDir, name('caf')), 'v2\n');
      await writeFile(at(repoDir, name('new')), 'v2\n');
      rmSync(at(repoDir, name('gone')));
      const sha = repo.commit('v2');
      const v2 = await deploy();
      expect(v2.code, v2.stderr).toBe(0);
      expect(v2.stderr).toContain('upload: full (a changed path is not valid UTF-8)');
      const release = join(path, 'releases', sha);
      expect(readFileSync(at(release, name('caf'))).toString()).toBe('v2\n');
      expect(existsSync(at(release, name('new')))).toBe(true);
      expect(existsSync(at(release, name('gone')))).toBe(false);
    },
    LONG,
  );
});
