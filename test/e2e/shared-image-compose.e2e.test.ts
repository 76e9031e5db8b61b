/**
 * A service that runs the image another service builds (`build:` + `image: X` on web, `image: X`
 * only on reporter), on real compose v2 over the harness sshd: a code change builds web, and
 * reporter must be recreated on the new image too (else it keeps running the old code).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers, removeProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** unique per run; removed by the afterAll below (removeProject only removes `<project>-*` images) */
const REPOSITORY = `gitops-e2e-shared-image-${process.pid}`;
const IMAGE = `${REPOSITORY}:latest`;

const OVERRIDE = `services:
  web:
    image: ${IMAGE}
  reporter:
    image: ${IMAGE}
    network_mode: none
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]
`;

describe.runIf(ready)('a service running the image another one builds (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdshimg', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: { 'docker/e2e.yml': OVERRIDE },
  });
  const imageOf = async (service: string): Promise<string> => {
    const [c] = (await projectContainers(ctx.project)).filter((x) => x.service === service);
    expect(c, `a ${service} container`).toBeDefined();
    return (await docker(['inspect', '--format', '{{.Image}}', c!.id])).stdout.trim();
  };

  it('a code change builds web and recreates reporter on the new image', async () => {
    try {
      const before = await imageOf('reporter');
      expect(before).toBe(await imageOf('web'));
      await ctx.site.repo.commit('code', { 'app/views.py': 'def index():\n    return "v2"\n' });
      const r = await runCli(ctx.site.args(), ctx.site.env);
      expect(r.code, r.stderr).toBe(0);
      const web = await imageOf('web');
      expect(web).not.toBe(before);
      expect(await imageOf('reporter')).toBe(web);
      expect(r.json.plan).toMatchObject({ build: ['celery_beat', 'celery_worker', 'web'], recreate: ['reporter'] });
    } finally {
      // the containers first, then every tag of the shared repository (the deploys add release-* tags)
      await removeProject(ctx.project);
      const tags = await docker(['images', '--filter', `reference=${REPOSITORY}`, '--format', '{{.Repository}}:{{.Tag}}'], true);
      const refs = tags.stdout.split('\n').filter((t) => t.trim() !== '' && !t.includes('<none>'));
      if (refs.length > 0) await docker(['rmi', '-f', ...refs], true);
    }
  });
});
