/**
 * Services linked to web, on real compose v2 over the harness sshd: `sidecar` shares web's network
 * namespace (`network_mode: service:web`), `watcher` depends on web with `restart: true`. A code
 * change rebuilds web; the deploy must move the sidecar to the new web container (else it stays in
 * the old one's namespace) and restart the watcher.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

const SLEEP = `["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]`;
const OVERRIDE = `services:
  sidecar:
    image: gitops-fixture-base:latest
    network_mode: service:web
    command: ${SLEEP}
  watcher:
    image: gitops-fixture-base:latest
    network_mode: none
    depends_on:
      web: {condition: service_started, restart: true}
    command: ${SLEEP}
`;

describe.runIf(ready)('services linked to a rebuilt one (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdlinked', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: { 'docker/e2e.yml': OVERRIDE },
  });
  const inspect = async (service: string, format: string): Promise<string> => {
    const [c] = (await projectContainers(ctx.project)).filter((x) => x.service === service);
    expect(c, `a ${service} container`).toBeDefined();
    return (await docker(['inspect', '--format', format, c!.id])).stdout.trim();
  };

  it('a code change rebuilds web, recreates the sidecar in its new namespace and restarts the watcher', async () => {
    const watcherStarted = await inspect('watcher', '{{.State.StartedAt}}');
    await ctx.site.repo.commit('code', { 'app/views.py': 'def index():\n    return "v2"\n' });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: ['celery_beat', 'celery_worker', 'web'], recreate: ['sidecar'], restart: ['watcher'] });
    expect(await inspect('sidecar', '{{.HostConfig.NetworkMode}}')).toBe(`container:${await inspect('web', '{{.Id}}')}`);
    expect(await inspect('watcher', '{{.State.StartedAt}}')).not.toBe(watcherStarted);
  });
});
