/**
 * A service whose Dockerfile builds FROM the image another service of the project builds (`zbase`
 * builds `<repo>:latest`; web's `ARG BASE` names it through `build.args`), on real compose v2 over
 * the harness sshd: the first deploy must build zbase before web (else web's FROM has no image),
 * and a change in zbase's context alone must rebuild web on the new base (else web keeps the old one).
 */
import { describe, expect, it } from 'vitest';
import { removeImagesOf, shIn, zbaseFiles } from './harness/base-image.js';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable, removeProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** unique per run; removed below (removeProject only removes `<project>-*` images) */
const REPOSITORY = `gitops-e2e-base-image-${process.pid}`;
const IMAGE = `${REPOSITORY}:latest`;

describe.runIf(ready)('a Dockerfile FROM the image another service builds (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdbaseimg', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: zbaseFiles(IMAGE),
  });
  const baseTextIn = (service: string): Promise<string> => shIn(ctx.project, service, 'cat /base.txt');

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
      await removeImagesOf(REPOSITORY);
    }
  });
});
