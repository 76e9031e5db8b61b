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
import { beforeAll, describe, expect, it } from 'vitest';
import { containerIds, docker, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { LONG, registryApp, registryAppReady, type BuildOn } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');
/** the base the host's .env names: the fixture base with a /marker file */
const ALT = `gitops-e2e-alt-base-${process.pid}:latest`;

describe.runIf(ready)("build once: the build args come from the host's shared compose .env", () => {
  const app = registryApp({
    tmpPrefix: 'gitops-e2e-reg-dotenv',
    projectPrefix: 'gdregenv',
    prepare: async (tmp) => {
      await mkdir(join(tmp, 'alt'));
      await writeFile(join(tmp, 'alt', 'Dockerfile'), `FROM ${FIXTURE_BASE_IMAGE}\nRUN ["sh", "-c", "echo alt > /marker"]\n`);
      await docker(['build', '-q', '-t', ALT, join(tmp, 'alt')]);
    },
    cleanup: async () => void (await docker(['rmi', '-f', ALT], true)),
  });
  const cli = app.cli;
  const writeConfig = (on: BuildOn) =>
    app.writeConfig(on, '30s', (target) => target.replace('shared: [.env, media/]', 'shared: [.env, media/, docker/.env]'));

  beforeAll(async () => {
    await mkdir(join(app.hostPath, 'shared', 'docker'), { recursive: true });
    await writeFile(join(app.hostPath, 'shared', 'docker', '.env'), `FIXTURE_BASE_IMAGE=${ALT}\n`);
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
      expect(await app.reg.tags(`${app.project}/web`)).toEqual([]);
      expect(await containerIds(app.project)).toEqual({});
      expect(existsSync(join(app.hostPath, 'current'))).toBe(false);
    },
    LONG,
  );

  it(
    "on: host builds where the shared .env is linked: web runs on the base the host's .env names",
    async () => {
      await writeConfig('host');
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      const web = (await containerIds(app.project)).web!;
      expect((await docker(['exec', web, 'cat', '/marker'])).stdout.trim()).toBe('alt');
    },
    LONG,
  );
});
