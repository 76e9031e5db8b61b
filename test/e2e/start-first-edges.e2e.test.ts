/**
 * Edges of `rollout: start-first` on the real engine (compose v2, harness sshd, busybox compose-app
 * fixture): a web that gains a `container_name` cannot run two containers, and one whose network
 * nginx joins (`network_mode: service:web`) would take nginx's network with the old container, and one
 * on the host's network (`network_mode: host`) shares the host's ports with its new container, so
 * the deploy is refused before anything changes (exit 2) and the old container keeps serving; a web without a healthcheck
 * whose new container crashes a second after it started (restart: unless-stopped, so Docker starts
 * it again and again) fails the deploy during the overlap, and the old container keeps serving.
 */
import { readFileSync } from 'node:fs';
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
    const compose = readFileSync(`${site.repo.dir}/docker/docker-compose.yml`, 'utf8');
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

  // measured on the engine: once the old web is removed, a container in its network keeps only lo, and `docker restart` of it fails (No such container)
  it("nginx joins web's network (network_mode: service:web): refused with exit 2 before anything changes", async () => {
    const { site } = ctx;
    const [old] = await webs();
    const before = await startedAt(old!.id);
    const good = site.state().current;
    const compose = readFileSync(`${site.repo.dir}/docker/docker-compose.yml`, 'utf8');
    // without the previous test's container_name: this refusal alone
    const joined = compose
      .replace(/    container_name: .*\n/, '')
      .replace(/(  nginx:\n(?:.*\n)*?)    network_mode: none\n/, (_m, head: string) => `${head}    network_mode: service:web\n`);
    expect(joined).toContain('network_mode: service:web');
    expect(joined).not.toContain('container_name');
    await site.repo.commit("nginx in web's network", {
      'docker/docker-compose.yml': joined,
      'app/templates/index.html': '<h1>joined</h1>\n',
    });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('start-first is refused for "web": nginx joins its network (network_mode: service:web)');
    expect((await webs()).map((c) => [c.id, c.state])).toEqual([[old!.id, 'running']]);
    expect(await startedAt(old!.id)).toBe(before);
    expect(site.state().current).toBe(good);
  });

  // measured on the engine: two busybox httpd on the host network and one port, the second exits 1 (bind: Address already in use)
  it('web switches to network_mode: host: refused with exit 2 before anything changes', async () => {
    const { site } = ctx;
    const [old] = await webs();
    const before = await startedAt(old!.id);
    const good = site.state().current;
    const compose = readFileSync(`${site.repo.dir}/docker/docker-compose.yml`, 'utf8');
    // without the previous tests' container_name and joined nginx: this refusal alone
    const hosted = compose
      .replace(/    container_name: .*\n/, '')
      .replace('    network_mode: service:web\n', '    network_mode: none\n')
      .replace(/(  web:\n(?:.*\n)*?)    network_mode: none\n/, (_m, head: string) => `${head}    network_mode: host\n`);
    expect(hosted).toMatch(/  web:\n(?:.*\n)*?    network_mode: host\n/);
    expect(hosted).not.toContain('service:web');
    await site.repo.commit('web on the host network', {
      'docker/docker-compose.yml': hosted,
      'app/templates/index.html': '<h1>host network</h1>\n',
    });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('start-first is refused for "web": it sets network_mode: host');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await webs()).map((c) => [c.id, c.state])).toEqual([[old!.id, 'running']]);
    expect(await startedAt(old!.id)).toBe(before);
    expect(site.state().current).toBe(good);
    expect(site.link()).toBe(good);
  });
});

describe.runIf(ready)('start-first web without a healthcheck whose new container crashes after a second (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdsfcrash', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'nohealth.yml'],
    composeServices: '{web: {rollout: start-first, overlap: 4s}}',
    files: { 'docker/nohealth.yml': 'services:\n  web:\n    healthcheck: {disable: true}\n' },
  });
  const webs = async () => (await projectContainers(ctx.project)).filter((c) => c.service === 'web');

  it('the deploy fails, the crashing container is removed, the old web keeps running untouched, nothing is recorded', async () => {
    const { site } = ctx;
    const [old] = await webs();
    const before = await startedAt(old!.id);
    const good = site.state().current;
    const crash = 'services:\n  web:\n    healthcheck: {disable: true}\n    command: ["sh", "-c", "sleep 1; exit 3"]\n';
    await site.repo.commit('web crashes a second after it starts', { 'docker/nohealth.yml': crash });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /start-first web: the new container failed \(during the overlap, it crashed and Docker restarted it \d+ times?\); it was removed, the old one still serves/,
    );
    const after = await webs();
    expect(after.map((c) => [c.id, c.state])).toEqual([[old!.id, 'running']]);
    expect(await startedAt(old!.id)).toBe(before);
    expect(site.state().current).toBe(good);
    expect(site.link()).toBe(good);
  });
});
