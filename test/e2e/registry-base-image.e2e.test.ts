/**
 * `build: {on: runner}` with a Dockerfile FROM the image another service builds (`zbase` builds
 * `<repo>:latest`, web's `ARG BASE` names it), on real components: the harness sshd, compose v2 on
 * the real engine, Debian's docker-registry with htpasswd auth. The runner builds in a fresh export
 * of the commit, but its docker is not the hosts': a GitHub-hosted runner has no base image at all,
 * a self-hosted one may hold another one under that name (another branch's, another project's).
 * When the plan builds web without zbase, the runner must build web on the base of the deployed
 * commit, not on whatever its docker calls `<repo>:latest`.
 */
import { describe, expect, it } from 'vitest';
import { removeImagesOf, shIn, zbaseFiles } from './harness/base-image.js';
import { docker, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('compose v2');
/** unique per run; removed below (removeProject only removes `<project>-*` images) */
const REPOSITORY = `gitops-e2e-reg-base-${process.pid}`;
const IMAGE = `${REPOSITORY}:latest`;

describe.runIf(ready)('build once on the runner: a service FROM the image another service builds', () => {
  const app = registryApp({
    tmpPrefix: 'gitops-e2e-reg-base',
    projectPrefix: 'gdregbase',
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: zbaseFiles(IMAGE),
    on: 'runner',
    health: '60s',
    cleanup: () => removeImagesOf(REPOSITORY),
  });
  const cli = app.cli;
  const baseTextIn = (service: string): Promise<string> => shIn(app.project, service, 'cat /base.txt 2>/dev/null || echo no-base.txt');

  it(
    "a change of web alone, on a runner whose docker holds another image under the base's name: web is built on the commit's base",
    async () => {
      const first = await cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      expect(await baseTextIn('web')).toBe('base-1');
      // the runner's docker (here the same engine as the host's) now calls another image the base
      await docker(['tag', FIXTURE_BASE_IMAGE, IMAGE]);
      await app.repo.commit('template', { 'app/templates/index.html': '<h1>B</h1>\n' });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toEqual(['web']);
      expect(r.stderr).toContain('build once on the runner: web (on zbase, built from this commit too, not pushed)\n');
      expect(await app.reg.tags(`${app.project}/zbase`)).toHaveLength(1);
      expect(await baseTextIn('web')).toBe('base-1');
    },
    LONG,
  );
});
