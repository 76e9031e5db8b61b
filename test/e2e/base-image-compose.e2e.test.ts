/**
 * A service whose Dockerfile builds FROM the image another service of the project builds (`zbase`
 * builds `<repo>:latest`; web's `ARG BASE` names it through `build.args`), on real compose v2 over
 * the harness sshd: the first deploy must build zbase before web (else web's FROM has no image),
 * and a change in zbase's context alone must rebuild web on the new base (else web keeps the old one).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers, removeProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** unique per run; removed below (removeProject only removes `<project>-*` images) */
const REPOSITORY = `gitops-e2e-base-image-${process.pid}`;
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
const IGNORE = `${readFileSync(fileURLToPath(new URL('../fixtures/compose-app/.dockerignore', import.meta.url)), 'utf8')}base\n`;

describe.runIf(ready)('a Dockerfile FROM the image another service builds (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdbaseimg', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: {
      'docker/e2e.yml': OVERRIDE,
      '.dockerignore': IGNORE,
      'base/Dockerfile': 'FROM gitops-fixture-base:latest\nCOPY base.txt /base.txt\n',
      'base/base.txt': 'base-1\n',
    },
  });
  const baseTextIn = async (service: string): Promise<string> => {
    const [c] = (await projectContainers(ctx.project)).filter((x) => x.service === service);
    expect(c, `a ${service} container`).toBeDefined();
    return (await docker(['exec', c!.id, 'cat', '/base.txt'])).stdout.trim();
  };

  it('a change to the base context alone rebuilds the base, then web on it', async () => {
    try {
      expect(await baseTextIn('web')).toBe('base-1');
      await ctx.site.repo.commit('base', { 'base/base.txt': 'base-2\n' });
      const r = await runCli(ctx.site.args(), ctx.site.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan).toMatchObject({ build: ['web', 'zbase'], recreate: [] });
      expect(await baseTextIn('zbase')).toBe('base-2');
      expect(await baseTextIn('web')).toBe('base-2');
    } finally {
      await removeProject(ctx.project);
      const tags = await docker(['images', '--filter', `reference=${REPOSITORY}`, '--format', '{{.Repository}}:{{.Tag}}'], true);
      const refs = tags.stdout.split('\n').filter((t) => t.trim() !== '' && !t.includes('<none>'));
      if (refs.length > 0) await docker(['rmi', '-f', ...refs], true);
    }
  });
});
