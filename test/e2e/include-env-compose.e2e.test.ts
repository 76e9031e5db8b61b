/**
 * A top-level `include` of a compose file in another directory, on real compose v2 over the harness
 * sshd: compose interpolates the included file with the `.env` of its own directory, so a commit that
 * changes only that `.env` changes the included service, and the deploy must recreate it (the plan
 * counted the file as unmatched and recreated nothing: the container kept the old value).
 */
import { describe, expect, it } from 'vitest';
import { fixtureIgnoreWith } from './harness/base-image.js';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, FIXTURE_BASE_IMAGE, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

const EXTRA = `services:
  extra:
    image: ${FIXTURE_BASE_IMAGE}
    network_mode: none
    environment:
      GREETING: \${GREETING:-unset}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]
`;

describe.runIf(ready)('an included compose file interpolated with its own .env (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdincenv', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: {
      'docker/e2e.yml': 'include:\n  - ../extra/compose.yml\n',
      'extra/compose.yml': EXTRA,
      'extra/.env': 'GREETING=one\n',
      '.dockerignore': fixtureIgnoreWith('extra'),
    },
  });
  const greeting = async (): Promise<string | undefined> => {
    const [c] = (await projectContainers(ctx.project)).filter((x) => x.service === 'extra');
    expect(c, 'an extra container').toBeDefined();
    const env = JSON.parse((await docker(['inspect', '--format', '{{json .Config.Env}}', c!.id])).stdout) as string[];
    return env.find((e) => e.startsWith('GREETING='));
  };

  it('a change to that .env alone recreates the included service with the new value', async () => {
    expect(await greeting()).toBe('GREETING=one');
    await ctx.site.repo.commit('greeting', { 'extra/.env': 'GREETING=two\n' });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: [], recreate: ['extra'], unmatched: [] });
    expect(await greeting()).toBe('GREETING=two');
  });
});
