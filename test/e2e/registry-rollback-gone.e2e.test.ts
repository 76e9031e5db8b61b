/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth and deletes enabled): a rollback to a release whose image was
 * deleted from the registry (garbage-collected) and is gone from the host too. It cannot be brought
 * back without a build, and `build:` targets never build on a host: the rollback must fail naming
 * the service and the registry, with `current`, the containers and the state as they were.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerIds, docker, imageIdOf } from './harness/docker.js';
import { deployTwoReleases, LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');
const short = (sha: string): string => `release-${sha.slice(0, 12)}`;
const APP = ['celery_beat', 'celery_worker', 'flower', 'web'];

describe.runIf(ready)('rollback to a release whose image is gone from the registry and the host', () => {
  // a file of its own in the build context (COPY . /app): its images share no ID with another file's
  // build of the fixture, whose tags the removal of every tag of A's images below would take too
  const app = registryApp({
    tmpPrefix: 'gitops-e2e-reg-gone',
    projectPrefix: 'gdreggone',
    on: 'runner',
    health: '30s',
    files: { 'e2e-build-id.txt': `${randomBytes(8).toString('hex')}\n` },
  });
  const cli = app.cli;
  const state = async () => JSON.parse(await readFile(join(app.hostPath, '.deploy', 'state.json'), 'utf8'));

  it(
    'fails naming web and the registry; current, the containers and the state are unchanged',
    async () => {
      // the Dockerfile rule rebuilds every app service: no container runs A's image any more
      const { a, b } = await deployTwoReleases(app);
      expect(b.json.plan.build).toEqual(APP);
      // A's images: deleted from the registry, then every tag of them on the host
      const imagesA = (await state()).releases.find((r: { sha: string }) => r.sha === a).images;
      for (const service of APP) await app.reg.deleteTag(`${app.project}/${service}`, short(a));
      for (const id of new Set(APP.map((sv) => imagesA[sv].id as string))) {
        const tags = (await docker(['image', 'inspect', '-f', '{{join .RepoTags " "}}', id])).stdout.trim().split(' ');
        await docker(['rmi', ...tags]);
        expect((await docker(['image', 'inspect', id], true)).code).not.toBe(0);
      }

      const before = {
        containers: await containerIds(app.project),
        link: readlinkSync(join(app.hostPath, 'current')),
        state: await state(),
      };
      const webImage = await imageIdOf(before.containers.web!);
      const r = await cli('rollback');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('web');
      expect(r.stderr).toContain(`nor in the registry ${app.reg.addr}`);
      expect(await containerIds(app.project)).toEqual(before.containers);
      expect(await imageIdOf(before.containers.web!)).toBe(webImage);
      expect(readlinkSync(join(app.hostPath, 'current'))).toBe(before.link);
      const after = await state();
      expect(after.current).toBe(before.state.current);
    },
    LONG,
  );
});
