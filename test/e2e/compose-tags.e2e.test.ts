/**
 * compose's `!override` tag (compose 2.24+) on real compose v2 over the harness sshd: an override
 * file that starts to replace web's environment instead of merging with it changes web (the base
 * file's variables are gone from the container), so the deploy must recreate web.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

const override = (tag: string) => `services:\n  web:\n    environment: ${tag}\n      SERVICE: web\n`;

describe.runIf(ready)('an override file that starts to use !override (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdtags', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: { 'docker/e2e.yml': override('') },
  });
  const envOfWeb = async (): Promise<string[]> => {
    const [c] = (await projectContainers(ctx.project)).filter((x) => x.service === 'web');
    expect(c, 'a web container').toBeDefined();
    return JSON.parse((await docker(['inspect', '--format', '{{json .Config.Env}}', c!.id])).stdout) as string[];
  };

  it('recreates web without the base file environment', async () => {
    expect(await envOfWeb()).toContain('DJANGO_SETTINGS_MODULE=app.settings');
    await ctx.site.repo.commit('override', { 'docker/e2e.yml': override('!override') });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: [], recreate: ['web'] });
    const env = await envOfWeb();
    expect(env).toContain('SERVICE=web');
    expect(env.filter((e) => e.startsWith('DJANGO_SETTINGS_MODULE='))).toEqual([]);
  });
});
