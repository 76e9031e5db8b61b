/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth and deletes enabled): a rollback to a release whose image was
 * deleted from the registry (garbage-collected) and is gone from the host too. It cannot be brought
 * back without a build, and `build:` targets never build on a host: the rollback must fail naming
 * the service and the registry, with `current`, the containers and the state as they were.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, containerIds, docker, dockerAvailable, imageIdOf, removeProject, uniqueProject } from './harness/docker.js';
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
const short = (sha: string): string => `release-${sha.slice(0, 12)}`;
const APP = ['celery_beat', 'celery_worker', 'flower', 'web'];

describe.runIf(ready)('rollback to a release whose image is gone from the registry and the host', () => {
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
  const state = async () => JSON.parse(await readFile(join(hostPath, '.deploy', 'state.json'), 'utf8'));

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-reg-gone');
    await mkdir(join(tmp, 'registry'));
    [sshd, reg] = await Promise.all([startSshd(), startRegistry(join(tmp, 'registry'), 'ci', PASSWORD)]);
    project = uniqueProject('gdreggone');
    hostPath = join(tmp, 'host');
    config = join(tmp, 'deploy.yml');
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'));
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    const build = `build: {on: runner, registry: "${reg.addr}", username: ci}`;
    const target = composeTarget('vps', sshd.port, hostPath, [build, 'health: {services: true, timeout: 30s}']);
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
    'fails naming web and the registry; current, the containers and the state are unchanged',
    async () => {
      const a = repo.head();
      expect((await cli('deploy')).code).toBe(0);
      // the Dockerfile rule rebuilds every app service: no container runs A's image any more
      const dockerfile = await readFile(join(repo.dir, 'docker', 'Dockerfile'), 'utf8');
      await repo.commit('dockerfile', { 'docker/Dockerfile': `${dockerfile}# B\n` });
      const b = await cli('deploy');
      expect(b.code, b.stderr).toBe(0);
      expect(b.json.plan.build).toEqual(APP);
      // A's images: deleted from the registry, then every tag of them on the host
      const imagesA = (await state()).releases.find((r: { sha: string }) => r.sha === a).images;
      for (const service of APP) await reg.deleteTag(`${project}/${service}`, short(a));
      for (const id of new Set(APP.map((sv) => imagesA[sv].id as string))) {
        const tags = (await docker(['image', 'inspect', '-f', '{{join .RepoTags " "}}', id])).stdout.trim().split(' ');
        await docker(['rmi', ...tags]);
        expect((await docker(['image', 'inspect', id], true)).code).not.toBe(0);
      }

      const before = { containers: await containerIds(project), link: readlinkSync(join(hostPath, 'current')), state: await state() };
      const webImage = await imageIdOf(before.containers.web!);
      const r = await cli('rollback');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('web');
      expect(r.stderr).toContain(`nor in the registry ${reg.addr}`);
      expect(await containerIds(project)).toEqual(before.containers);
      expect(await imageIdOf(before.containers.web!)).toBe(webImage);
      expect(readlinkSync(join(hostPath, 'current'))).toBe(before.link);
      const after = await state();
      expect(after.current).toBe(before.state.current);
    },
    LONG,
  );
});
