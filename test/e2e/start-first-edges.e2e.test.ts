/**
 * Edges of `rollout: start-first` on the real engine (compose v2, harness sshd, busybox compose-app
 * fixture): a web that gains a `container_name` cannot run two containers, so the deploy is refused
 * before anything changes (exit 2) and the old container keeps serving.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

const startedAt = async (id: string) => (await docker(['inspect', '--format', '{{.State.StartedAt}}', id])).stdout.trim();

describe.runIf(ready)('start-first web that cannot have two containers (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdsfedge', { command: 'docker compose', composeServices: '{web: {rollout: start-first}}' });
  const webs = async () => (await projectContainers(ctx.project)).filter((c) => c.service === 'web');

  it('web gains container_name: the deploy is refused with exit 2 before anything changes; the old web keeps running', async () => {
    const { site, project } = ctx;
    const [old] = await webs();
    const before = await startedAt(old!.id);
    const good = site.state().current;
    const compose = (await import('node:fs')).readFileSync(`${site.repo.dir}/docker/docker-compose.yml`, 'utf8');
    await site.repo.commit('web with a container name', {
      'docker/docker-compose.yml': compose.replace(
        '    network_mode: none\n',
        `    container_name: ${project}-theweb\n    network_mode: none\n`,
      ),
      'app/templates/index.html': '<h1>named</h1>\n',
    });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`start-first is refused for "web": it sets container_name: ${project}-theweb`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const after = await webs();
    expect(after.map((c) => [c.id, c.state])).toEqual([[old!.id, 'running']]);
    expect(await startedAt(old!.id)).toBe(before);
    expect(site.state().current).toBe(good);
    expect(site.link()).toBe(good);
  });
});
