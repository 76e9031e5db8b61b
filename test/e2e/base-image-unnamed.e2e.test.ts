/**
 * A Dockerfile FROM the image another service builds without an `image:` name (compose v2 names it
 * `<project>-zbase`; web's `ARG BASE` names it through `build.args`), on real compose v2 over the
 * harness sshd: the first deploy must build zbase before web, and a change in zbase's context alone
 * must rebuild web on the new base (the plan built zbase only: web kept the old base).
 */
import { describe, expect, it } from 'vitest';
import { fixtureIgnoreWith, shIn } from './harness/base-image.js';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** zbase builds ../base with no image: name; web builds FROM `<project>-zbase`. */
const unnamedZbaseFiles = (project: string): Record<string, string> => ({
  'docker/e2e.yml': `services:
  web:
    build:
      args:
        BASE: ${project}-zbase
  zbase:
    build: ../base
    network_mode: none
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 100000 & wait $$!"]
`,
  '.dockerignore': fixtureIgnoreWith('base'),
  'base/Dockerfile': `FROM ${FIXTURE_BASE_IMAGE}\nCOPY base.txt /base.txt\n`,
  'base/base.txt': 'base-1\n',
});

describe.runIf(ready)('a Dockerfile FROM the unnamed image another service builds (compose v2)', () => {
  // filled once the project name is known, before the set-up reads it
  const files: Record<string, string> = {};
  const ctx = composeSiteOnSshd('gdunnamedbase', { command: 'docker compose', composeFiles: ['docker-compose.yml', 'e2e.yml'], files });
  Object.assign(files, unnamedZbaseFiles(ctx.project));

  it('a change to the base context alone rebuilds the base, then web on it', async () => {
    expect(await shIn(ctx.project, 'web', 'cat /base.txt')).toBe('base-1');
    await ctx.site.repo.commit('base', { 'base/base.txt': 'base-2\n' });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ build: ['web', 'zbase'], recreate: [] });
    expect(await shIn(ctx.project, 'zbase', 'cat /base.txt')).toBe('base-2');
    expect(await shIn(ctx.project, 'web', 'cat /base.txt')).toBe('base-2');
  });
});
