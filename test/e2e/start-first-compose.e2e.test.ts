/**
 * `compose.services.web.rollout: start-first` on compose v2 (and a template deploy on v1) over the harness sshd, busybox
 * compose-app fixture: a template deploy starts the new web container beside the old one, removes
 * the old one by id once the new one is healthy, and a later `up` leaves the new one alone; an
 * unhealthy release has its new container removed while the old one keeps running, and the undo
 * does not recreate it; a web that declares 2 replicas gets 2 new containers.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd, type SiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers, type ProjectContainer } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

// dockerAvailable also checks that docker-compose (v1) runs
const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

/** web's check with room for a loaded host; the release's UNHEALTHY file still fails it */
const HEALTH = `services:
  web:
    healthcheck:
      test: ["CMD", "sh", "-c", "test ! -f /app/UNHEALTHY"]
      interval: 1s
      timeout: 10s
      retries: 3
`;

type StartFirstSite = SiteOnSshd & {
  /** the project's web containers */
  webs(): Promise<ProjectContainer[]>;
};

/** A deployed site whose web is start-first, on the given compose command (hooks of the calling describe). */
function startFirstSite(command: string, prefix: string): StartFirstSite {
  const ctx = composeSiteOnSshd(prefix, {
    command,
    composeFiles: ['docker-compose.yml', 'health.yml'],
    composeServices: '{web: {rollout: start-first}}',
    files: { 'docker/health.yml': HEALTH },
  }) as StartFirstSite;
  ctx.webs = async () => (await projectContainers(ctx.project)).filter((c) => c.service === 'web');
  return ctx;
}

const exists = async (id: string) => (await docker(['inspect', id], true)).code === 0;

/** A template deploy: the old web container is gone, one new one runs healthy; a later plain `up` (with `command`) keeps it. */
async function templateDeployReplacesWeb(ctx: StartFirstSite, command: string[]): Promise<void> {
  const { site, project } = ctx;
  const [old] = await ctx.webs();
  expect(old?.state).toBe('running');
  const r = await runCli(site.args(), site.env);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json.plan.startFirst).toEqual(['web']);
  const after = await ctx.webs();
  expect(after).toHaveLength(1);
  expect(after[0]!.id).not.toBe(old!.id);
  expect(after[0]!.state).toBe('running');
  expect(await exists(old!.id)).toBe(false);
  expect((await docker(['inspect', '--format', '{{.State.Health.Status}}', after[0]!.id])).stdout.trim()).toBe('healthy');
  // compose counts one web container with the current definition: a plain up changes nothing
  const dir = site.at('current', 'docker');
  const files = ['-f', join(dir, 'docker-compose.yml'), '-f', join(dir, 'health.yml')];
  const [bin, ...sub] = command;
  execFileSync(bin!, [...sub, '-p', project, '--project-directory', dir, ...files, 'up', '-d', '--no-deps', '--no-build', 'web'], {
    stdio: 'ignore',
  });
  expect((await ctx.webs()).map((c) => c.id)).toEqual([after[0]!.id]);
}

describe.runIf(ready)('start-first rollout of web (compose v2)', () => {
  const ctx = startFirstSite('docker compose', 'gdzdt');

  it('plan says web is replaced start-first', async () => {
    await ctx.site.repo.commit('template', { 'app/templates/index.html': '<h1>start-first</h1>\n' });
    const r = await runCli(['plan', '--repo', ctx.site.repo.dir, '--target', 'vps'], ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Start-first: web');
  });

  it('template deploy: the old web container is gone, one new one runs healthy; a later up keeps it', async () => {
    await templateDeployReplacesWeb(ctx, ['docker', 'compose']);
  });

  it('an unhealthy release: its new container is removed, the old one keeps running untouched, the run fails and is undone', async () => {
    const { site } = ctx;
    const [old] = await ctx.webs();
    const startedBefore = (await docker(['inspect', '--format', '{{.State.StartedAt}}', old!.id])).stdout.trim();
    const good = site.state().current;
    await site.repo.commit('unhealthy', { UNHEALTHY: 'yes\n', 'app/templates/index.html': '<h1>unhealthy</h1>\n' });
    const r = await runCli(site.args(), site.env);
    expect(r.code).toBe(1);
    expect(r.stderr + JSON.stringify(r.json)).toMatch(/start-first web: the new container failed \(it is unhealthy\)/);
    const after = await ctx.webs();
    expect(after.map((c) => c.id)).toEqual([old!.id]);
    expect(after[0]!.state).toBe('running');
    // the undo did not recreate or restart it
    expect((await docker(['inspect', '--format', '{{.State.StartedAt}}', old!.id])).stdout.trim()).toBe(startedBefore);
    expect(site.state().current).toBe(good);
    expect(site.link()).toBe(good);
  });

  it('web declares 2 replicas: a deploy starts 2 new containers beside the old one, removes it, and a later up keeps the 2', async () => {
    const { site, project } = ctx;
    const [old] = await ctx.webs();
    const twoReplicas = `${HEALTH}    deploy:\n      replicas: 2\n`;
    await site.repo.commit('two web replicas', {
      'docker/health.yml': twoReplicas,
      'app/templates/index.html': '<h1>two</h1>\n',
      UNHEALTHY: null,
    });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.startFirst).toEqual(['web']);
    const after = await ctx.webs();
    expect(after.map((c) => c.state)).toEqual(['running', 'running']);
    expect(after.map((c) => c.id)).not.toContain(old!.id);
    expect(await exists(old!.id)).toBe(false);
    const dir = site.at('current', 'docker');
    const files = ['-f', join(dir, 'docker-compose.yml'), '-f', join(dir, 'health.yml')];
    execFileSync('docker', ['compose', '-p', project, '--project-directory', dir, ...files, 'up', '-d', '--no-deps', '--no-build', 'web'], {
      stdio: 'ignore',
    });
    expect((await ctx.webs()).map((c) => c.id).sort()).toEqual(after.map((c) => c.id).sort());
  });
});

// compose v1 has --scale and --no-recreate too, and labels its containers the same way (app_web_2)
describe.runIf(ready)('start-first rollout of web (compose v1, docker-compose)', () => {
  const ctx = startFirstSite('docker-compose', 'gdzv1');

  it('template deploy: the old web container is gone, one new one runs healthy; a later docker-compose up keeps it', async () => {
    await ctx.site.repo.commit('template', { 'app/templates/index.html': '<h1>start-first on v1</h1>\n' });
    await templateDeployReplacesWeb(ctx, ['docker-compose']);
  });
});
