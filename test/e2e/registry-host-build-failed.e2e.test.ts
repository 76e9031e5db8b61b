/**
 * `build: {on: host}` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): the primary builds in its release directory, and compose
 * names each image it builds (`<project>_web`) on the host. When the Publish fails after web's
 * image was built (zz's build fails), no host changed, but the primary's `<project>_web` named the
 * unreleased build. A later deploy that recreates web without building it (a compose change of
 * web only: `up --no-build`) then ran that never-released image.
 */
import { describe, expect, it } from 'vitest';
import { containerIds, docker, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { fixtureIgnoreWith } from './harness/base-image.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');

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
  const app = registryApp({
    tmpPrefix: 'gitops-e2e-reg-hostfail',
    projectPrefix: 'gdreghf',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: {
      'docker/e2e.yml': override('a'),
      '.dockerignore': fixtureIgnoreWith('zz'),
      'zz/Dockerfile': ZZ_OK,
      'zz/zz.txt': 'zz\n',
    },
    on: 'host',
    health: '30s',
  });
  const cli = app.cli;
  const webTemplate = async (): Promise<string> =>
    (await docker(['exec', (await containerIds(app.project)).web!, 'cat', '/app/app/templates/index.html'])).stdout;

  it(
    "web's build of the failed run never goes live: the next deploy recreating web (no build) runs the released image",
    async () => {
      const first = await cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      const released = await webTemplate();
      // B: web's template changes (built first), zz's build fails (a file its Dockerfile copies is missing)
      await app.repo.commit('B', {
        'app/templates/index.html': '<h1>never released</h1>\n',
        'zz/Dockerfile': `${ZZ_OK}COPY missing /missing\n`,
      });
      const b = await cli('deploy');
      expect(b.code).not.toBe(0);
      expect(b.json?.plan?.build ?? []).toEqual(['web', 'zz']);
      // C: B reverted, and a compose change of web alone (recreate, no build)
      await app.repo.commit('C', { 'app/templates/index.html': released, 'zz/Dockerfile': ZZ_OK, 'docker/e2e.yml': override('c') });
      const c = await cli('deploy');
      expect(c.code, c.stderr).toBe(0);
      expect(c.json.plan).toMatchObject({ build: [], recreate: ['web'] });
      expect(await webTemplate()).toBe(released);
    },
    LONG,
  );
});
