/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): a Ctrl-C (SIGINT to the CLI's process group, as a terminal
 * sends it) while the runner pushes must not leave the registry credential behind. The push runs in
 * a throw-away DOCKER_CONFIG that `docker login` filled (config.json holds base64 user:password);
 * its removal must run on a signal too, not only on a normal exit.
 */
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { spawnCli } from './harness/cli.js';
import { buildBusyboxBaseImage, docker, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { registryAvailable, startRegistry, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + docker-compose v1 + docker-registry + htpasswd',
  sshdAvailable() && (await dockerAvailable()) && registryAvailable(),
);
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 300_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The docker config files under `dir` (one level of mktemp -d directories) that hold a login to `addr`. */
async function logins(dir: string, addr: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir).catch(() => [])) {
    const file = join(dir, entry, 'config.json');
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.includes(addr)) found.push(file);
  }
  return found;
}

describe.runIf(ready)('a Ctrl-C while the runner pushes to the registry', () => {
  let sshd: SshdHandle;
  let reg: RegistryHandle;
  let tmp = '';
  let repo: AppRepo;
  let project = '';
  let config = '';

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-reg-int');
    await mkdir(join(tmp, 'registry'));
    await mkdir(join(tmp, 'runner-tmp'));
    [sshd, reg] = await Promise.all([startSshd(), startRegistry(join(tmp, 'registry'), 'ci', PASSWORD)]);
    project = uniqueProject('gdregint');
    const hostPath = join(tmp, 'host');
    config = join(tmp, 'deploy.yml');
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'));
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    const target = composeTarget('vps', sshd.port, hostPath, [`build: {on: runner, registry: "${reg.addr}", username: ci}`]);
    await writeFile(config, `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${target}`);
  }, LONG);

  afterAll(async () => {
    if (project) await removeProject(project);
    await reg?.stop();
    await sshd?.stop();
    if (reg) {
      const images = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${reg.addr}/*/*`], true);
      for (const image of images.stdout.split('\n').filter(Boolean)) await docker(['rmi', image], true);
    }
    if (tmp) await removeTree(tmp);
  });

  it(
    'SIGINT to the process group once the push started: the throw-away DOCKER_CONFIG with the login is removed',
    async () => {
      const runnerTmp = join(tmp, 'runner-tmp');
      const env = {
        GITOPS_SSH_KEY: sshd.clientKey,
        GITOPS_KNOWN_HOSTS: sshd.knownHosts,
        GITOPS_REGISTRY_PASSWORD: PASSWORD,
        // where the runner's `mktemp -d` puts the DOCKER_CONFIG
        TMPDIR: runnerTmp,
      };
      const args = ['deploy', '--repo', repo.dir, '--config', config, '--target', 'vps', '--json'];
      const run = spawnCli(args, env, { detached: true });
      // logged in for the push: the push line is printed and a config.json holds the login
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && !(run.stderr().includes(`push ${reg.addr}/`) && (await logins(runnerTmp, reg.addr)).length > 0))
        await sleep(10);
      expect(await logins(runnerTmp, reg.addr), run.stderr()).not.toEqual([]);
      process.kill(-run.child.pid!, 'SIGINT');
      const r = await run.done;
      expect(r.code).not.toBe(0);
      // the script's own cleanup may end just after the CLI: wait for it (a few seconds at most)
      for (let i = 0; i < 100 && (await logins(runnerTmp, reg.addr)).length > 0; i++) await sleep(100);
      expect(await logins(runnerTmp, reg.addr)).toEqual([]);
    },
    LONG,
  );
});
