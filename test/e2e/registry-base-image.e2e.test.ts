/**
 * `build: {on: runner}` with a Dockerfile FROM the image another service builds (`zbase` builds
 * `<repo>:latest`, web's `ARG BASE` names it), on real components: the harness sshd, compose v2 on
 * the real engine, Debian's docker-registry with htpasswd auth. The runner builds in a fresh export
 * of the commit, but its docker is not the hosts': a GitHub-hosted runner has no base image at all,
 * a self-hosted one may hold another one under that name (another branch's, another project's).
 * When the plan builds web without zbase, the runner must build web on the base of the deployed
 * commit, not on whatever its docker calls `<repo>:latest`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import {
  buildBusyboxBaseImage,
  docker,
  dockerAvailable,
  FIXTURE_BASE_IMAGE,
  projectContainers,
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
  'sshd + docker engine + compose v2 + docker-registry + htpasswd',
  sshdAvailable() && (await dockerAvailable()) && registryAvailable(),
);
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 300_000;
/** unique per run; removed below (removeProject only removes `<project>-*` images) */
const REPOSITORY = `gitops-e2e-reg-base-${process.pid}`;
const IMAGE = `${REPOSITORY}:latest`;

const OVERRIDE = `services:
  web:
    build:
      args:
        BASE: ${IMAGE}
  zbase:
    build: ../base
    image: ${IMAGE}
    network_mode: none
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]
`;

describe.runIf(ready)('build once on the runner: a service FROM the image another service builds', () => {
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
  const baseTextIn = async (service: string): Promise<string> => {
    const [c] = (await projectContainers(project)).filter((x) => x.service === service);
    expect(c, `a ${service} container`).toBeDefined();
    return (await docker(['exec', c!.id, 'sh', '-c', 'cat /base.txt 2>/dev/null || echo no-base.txt'])).stdout.trim();
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-reg-base');
    await mkdir(join(tmp, 'registry'));
    [sshd, reg] = await Promise.all([startSshd(), startRegistry(join(tmp, 'registry'), 'ci', PASSWORD)]);
    project = uniqueProject('gdregbase');
    hostPath = join(tmp, 'host');
    config = join(tmp, 'deploy.yml');
    const ignore = `${await readFile(join(FIXTURE, '.dockerignore'), 'utf8')}base\n`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), {
      'docker/e2e.yml': OVERRIDE,
      '.dockerignore': ignore,
      'base/Dockerfile': `FROM ${FIXTURE_BASE_IMAGE}\nCOPY base.txt /base.txt\n`,
      'base/base.txt': 'base-1\n',
    });
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    const build = `build: {on: runner, registry: "${reg.addr}", username: ci}`;
    const target = composeTarget('vps', sshd.port, hostPath, [build, 'health: {services: true, timeout: 60s}']);
    const header = fixtureHeader(project, 'docker compose', ['docker-compose.yml', 'e2e.yml']);
    await writeFile(config, `${header}${FIXTURE_RULES}targets:\n${target}`);
  }, LONG);

  afterAll(async () => {
    if (project) await removeProject(project);
    await reg?.stop();
    await sshd?.stop();
    const tags = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'], true);
    const ours = tags.stdout.split('\n').filter((t) => t.startsWith(`${REPOSITORY}:`) || (reg && t.startsWith(`${reg.addr}/`)));
    if (ours.length > 0) await docker(['rmi', '-f', ...ours], true);
    if (tmp) await removeTree(tmp);
  });

  it(
    "a change of web alone, on a runner whose docker holds another image under the base's name: web is built on the commit's base",
    async () => {
      const first = await cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      expect(await baseTextIn('web')).toBe('base-1');
      // the runner's docker (here the same engine as the host's) now calls another image the base
      await docker(['tag', FIXTURE_BASE_IMAGE, IMAGE]);
      await repo.commit('template', { 'app/templates/index.html': '<h1>B</h1>\n' });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toEqual(['web']);
      expect(r.stderr).toContain('build once on the runner: web (on zbase, built from this commit too, not pushed)\n');
      expect(await reg.tags(`${project}/zbase`)).toHaveLength(1);
      expect(await baseTextIn('web')).toBe('base-1');
    },
    LONG,
  );
});
