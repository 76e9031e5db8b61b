/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): a Dockerfile `FROM` a private image of the same registry
 * (a team's base image next to the app's). The builder must pull it with the deploy's login: the
 * build ran outside the registry session and failed without credentials.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerIds, docker, FIXTURE_BASE_IMAGE, imageIdOf } from './harness/docker.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');

describe.runIf(ready)('a Dockerfile FROM a private image of the same registry', () => {
  const app = registryApp({ tmpPrefix: 'gitops-e2e-reg-privbase', projectPrefix: 'gdregpriv', on: 'runner', health: '30s' });

  /** Pushes the fixture's base image as `ref` with a throw-away login, and leaves no local tag of it. */
  async function pushBase(ref: string): Promise<void> {
    const config = await mkdtemp(join(tmpdir(), 'gd-e2e-dockercfg-'));
    const env = { ...process.env, DOCKER_CONFIG: config };
    try {
      execFileSync('docker', ['login', app.reg.addr, '--username', app.reg.user, '--password-stdin'], {
        input: app.password,
        env,
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      await docker(['tag', FIXTURE_BASE_IMAGE, ref]);
      execFileSync('docker', ['push', ref], { env, stdio: 'ignore' });
    } finally {
      await docker(['rmi', ref], true);
      await rm(config, { recursive: true, force: true });
    }
  }

  it(
    'builds with the deploy’s login, pushes and runs the app',
    async () => {
      expect((await app.cli('deploy')).code).toBe(0);
      const base = `${app.reg.addr}/${app.project}/base:1`;
      await pushBase(base);
      const dockerfile = await readFile(join(app.repo.dir, 'docker', 'Dockerfile'), 'utf8');
      await app.repo.commit('private base', { 'docker/Dockerfile': dockerfile.replace(/^FROM .*$/m, `FROM ${base}`) });
      const r = await app.cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toContain('web');
      expect(await imageIdOf((await containerIds(app.project)).web!)).not.toBe('');
      await docker(['rmi', base], true);
    },
    LONG,
  );
});
