/**
 * `build: {on: host}` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): the primary builds in its release directory, and compose
 * names each image it builds (`<project>_web`) on the host. When the Publish fails after web's
 * image was built (zz's build fails), no host changed, but the primary's `<project>_web` named the
 * unreleased build. A later deploy that recreates web without building it (a compose change of
 * web only: `up --no-build`) then ran that never-released image.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

const override = (webEnv: string) => `services:
  web:
    environment:
      STAGE: ${webEnv}
  zz:
    build: ../zz
    network_mode: none
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]
`;
const ZZ_OK = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY zz.txt /zz.txt\n`;

describe.runIf(ready)('build on the primary: a Publish that fails after a service was built', () => {
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
  const webTemplate = async (): Promise<string> =>
    (await docker(['exec', (await containerIds(project)).web!, 'cat', '/app/app/templates/index.html'])).stdout;

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-reg-hostfail');
    await mkdir(join(tmp, 'registry'));
    [sshd, reg] = await Promise.all([startSshd(), startRegistry(join(tmp, 'registry'), 'ci', PASSWORD)]);
    project = uniqueProject('gdreghf');
    hostPath = join(tmp, 'host');
    config = join(tmp, 'deploy.yml');
    const ignore = `${await readFile(join(FIXTURE, '.dockerignore'), 'utf8')}zz\n`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), {
      'docker/e2e.yml': override('a'),
      '.dockerignore': ignore,
      'zz/Dockerfile': ZZ_OK,
      'zz/zz.txt': 'zz\n',
    });
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    const build = `build: {on: host, registry: "${reg.addr}", username: ci}`;
    const target = composeTarget('vps', sshd.port, hostPath, [build, 'health: {services: true, timeout: 30s}']);
    const header = fixtureHeader(project, 'docker-compose', ['docker-compose.yml', 'e2e.yml']);
    await writeFile(config, `${header}${FIXTURE_RULES}targets:\n${target}`);
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
    "web's build of the failed run never goes live: the next deploy recreating web (no build) runs the released image",
    async () => {
      const first = await cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      const released = await webTemplate();
      // B: web's template changes (built first), zz's build fails (a file its Dockerfile copies is missing)
      await repo.commit('B', {
        'app/templates/index.html': '<h1>never released</h1>\n',
        'zz/Dockerfile': `${ZZ_OK}COPY missing /missing\n`,
      });
      const b = await cli('deploy');
      expect(b.code).not.toBe(0);
      expect(b.json?.plan?.build ?? []).toEqual(['web', 'zz']);
      // C: B reverted, and a compose change of web alone (recreate, no build)
      await repo.commit('C', { 'app/templates/index.html': released, 'zz/Dockerfile': ZZ_OK, 'docker/e2e.yml': override('c') });
      const c = await cli('deploy');
      expect(c.code, c.stderr).toBe(0);
      expect(c.json.plan).toMatchObject({ build: [], recreate: ['web'] });
      expect(await webTemplate()).toBe(released);
    },
    LONG,
  );
});
