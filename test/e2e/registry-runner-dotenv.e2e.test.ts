/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): the compose `.env` (docker/.env) is not committed but kept on
 * the host (`shared`), and it sets the build arg web's Dockerfile builds FROM
 * (`BASE: ${FIXTURE_BASE_IMAGE:-gitops-fixture-base:latest}`). Compose on the host reads it; compose
 * on the runner, in a fresh export of the commit, cannot: `on: runner` built web on the default base,
 * silently, and every host pulled that image. It is refused (exit 2) before anything is built or
 * changed; `on: host` builds in the release directory, where the shared `.env` is linked.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import {
  buildBusyboxBaseImage,
  containerIds,
  docker,
  dockerAvailable,
  FIXTURE_BASE_IMAGE,
  removeProject,
  uniqueProject,
} from './harness/docker.js';
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
/** the base the host's .env names: the fixture base with a /marker file */
const ALT = `gitops-e2e-alt-base-${process.pid}:latest`;

describe.runIf(ready)("build once: the build args come from the host's shared compose .env", () => {
  let sshd: SshdHandle;
  let reg: RegistryHandle;
  let tmp = '';
  let repo: AppRepo;
  let project = '';
  let hostPath = '';
  let config = '';
  const cli = (...args: string[]): Promise<CliRun> =>
    runCli([...args, '--repo', repo.dir, '--config', config, '--target', 'vps', '--json'], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
      GITOPS_REGISTRY_PASSWORD: PASSWORD,
    });
  const writeConfig = (on: 'runner' | 'host') => {
    const build = `build: {on: ${on}, registry: "${reg.addr}", username: ci}`;
    const target = composeTarget('vps', sshd.port, hostPath, [build, 'health: {services: true, timeout: 30s}']);
    const shared = target.replace('shared: [.env, media/]', 'shared: [.env, media/, docker/.env]');
    return writeFile(config, `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${shared}`);
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-reg-dotenv');
    await mkdir(join(tmp, 'registry'));
    await mkdir(join(tmp, 'alt'));
    await writeFile(join(tmp, 'alt', 'Dockerfile'), `FROM ${FIXTURE_BASE_IMAGE}\nRUN ["sh", "-c", "echo alt > /marker"]\n`);
    await docker(['build', '-q', '-t', ALT, join(tmp, 'alt')]);
    [sshd, reg] = await Promise.all([startSshd(), startRegistry(join(tmp, 'registry'), 'ci', PASSWORD)]);
    project = uniqueProject('gdregenv');
    hostPath = join(tmp, 'host');
    config = join(tmp, 'deploy.yml');
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'));
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await mkdir(join(hostPath, 'shared', 'docker'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    await writeFile(join(hostPath, 'shared', 'docker', '.env'), `FIXTURE_BASE_IMAGE=${ALT}\n`);
  }, LONG);

  afterAll(async () => {
    if (project) await removeProject(project);
    await reg?.stop();
    await sshd?.stop();
    if (reg) {
      const images = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${reg.addr}/*/*`], true);
      for (const image of images.stdout.split('\n').filter(Boolean)) await docker(['rmi', image], true);
    }
    await docker(['rmi', '-f', ALT], true);
    if (tmp) await removeTree(tmp);
  });

  it(
    'on: runner is refused with exit 2 naming web and the variable, before any build, push or host change',
    async () => {
      await writeConfig('runner');
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('docker/.env is kept on the hosts (shared), not in the commit');
      expect(r.stderr).toContain('web (${FIXTURE_BASE_IMAGE})');
      expect(r.stderr).toContain('build.on: host');
      expect(r.stderr).not.toContain('[build ');
      expect(await reg.tags(`${project}/web`)).toEqual([]);
      expect(await containerIds(project)).toEqual({});
      expect(existsSync(join(hostPath, 'current'))).toBe(false);
    },
    LONG,
  );

  it(
    "on: host builds where the shared .env is linked: web runs on the base the host's .env names",
    async () => {
      await writeConfig('host');
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      const web = (await containerIds(project)).web!;
      expect((await docker(['exec', web, 'cat', '/marker'])).stdout.trim()).toBe('alt');
    },
    LONG,
  );
});
