/**
 * A planned recreate where compose sees no change in the service's definition, on real compose v2
 * over the harness sshd: a `configs` entry with `content:` (compose copies it into the container
 * when it creates it, and its config hash leaves it out) and a rule's `recreate:` on a file the
 * service reads at start (nginx.conf, bind-mounted from `current`). A plain `up -d` leaves the
 * running container alone ("Running"): the old content stays. The deploy must replace the container.
 */
import { describe, expect, it } from 'vitest';
import { shIn } from './harness/base-image.js';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { containerIds, dockerAvailable } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** docker/e2e.yml: nginx gets /conf.txt from a config written inline (`content:`). */
const override = (content: string) =>
  `services:\n  nginx:\n    configs: [{source: conf, target: /conf.txt}]\nconfigs:\n  conf:\n    content: "${content}"\n`;

/** nginx.conf edits are recreates of nginx (a rule before the fixture's: the rule decides). */
const withRecreateRule = (yaml: string): string =>
  yaml.replace('rules:\n', 'rules:\n  - {name: nginx-conf, paths: ["docker/nginx/**"], recreate: [nginx]}\n');

describe.runIf(ready)('an inline config compose does not compare (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdinlineconf', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: { 'docker/e2e.yml': override('conf-1') },
  });

  // the first deploy's containers hash differently (compose recreates them at the next up anyway):
  // the second change is the one a plain up leaves alone
  it('a changed configs content reaches the container, each time', async () => {
    expect(await shIn(ctx.project, 'nginx', 'cat /conf.txt')).toBe('conf-1');
    for (const content of ['conf-2', 'conf-3']) {
      await ctx.site.repo.commit(`config ${content}`, { 'docker/e2e.yml': override(content) });
      const r = await runCli(ctx.site.args(), ctx.site.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan).toMatchObject({ build: [], recreate: ['nginx'], restart: [] });
      expect(await shIn(ctx.project, 'nginx', 'cat /conf.txt')).toBe(content);
    }
  });

  // after the deploys above (conf-3 live): back to the release of conf-2
  it('a rollback brings the previous content back', async () => {
    const r = await runCli(['rollback', '--repo', ctx.site.repo.dir, '--target', 'vps', '--json'], ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(await shIn(ctx.project, 'nginx', 'cat /conf.txt')).toBe('conf-2');
  });
});

describe.runIf(ready)("a rule's recreate of an unchanged definition (compose v2)", () => {
  const ctx = composeSiteOnSshd('gdrulerecreate', { command: 'docker compose', editConfig: withRecreateRule });

  // the first deploy's containers hash differently (compose recreates them at the next up anyway):
  // the second recreate is the one a plain up leaves alone
  it("a rule's recreate replaces the container each time (the new nginx.conf is read)", async () => {
    for (const port of [8081, 8082]) {
      const before = (await containerIds(ctx.project)).nginx;
      await ctx.site.repo.commit(`nginx conf ${port}`, { 'docker/nginx/nginx.conf': `server { listen ${port}; }\n` });
      const r = await runCli(ctx.site.args(), ctx.site.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan).toMatchObject({ build: [], recreate: ['nginx'], restart: [] });
      expect((await containerIds(ctx.project)).nginx).not.toBe(before);
      expect(await shIn(ctx.project, 'nginx', 'cat /etc/nginx.conf')).toBe(`server { listen ${port}; }`);
    }
  });
});
