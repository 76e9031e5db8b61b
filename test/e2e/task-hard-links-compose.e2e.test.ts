/**
 * Layout releases, compose: the new release's unchanged files are hard links to the live
 * release's. A task whose service bind-mounts the release and rewrites a committed file in place
 * must change the new release only: the previous release (what a failed deploy's undo and a
 * rollback bring back) keeps its file. On real compose v2 over the harness sshd.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** web sees its release at /release (a bind mount of the compose project's parent: the release) */
const OVERRIDE = 'services:\n  web:\n    volumes:\n      - ..:/release\n';
const STAMP =
  'if [ -f /release/app/static/REWRITE ]; then echo "rewritten by $(cat /release/app/static/REWRITE)" > /release/app/static/stamp.txt; fi\n';
const COLLECTSTATIC = 'collectstatic: {service: web, command: "echo collectstatic"}';

describe.runIf(ready)('a task rewriting a hard-linked committed file changes the new release only (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdtasklinks', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    editConfig: (yaml) => yaml.replace(COLLECTSTATIC, 'collectstatic: {service: web, command: "sh /release/stamp.sh"}'),
    files: { 'docker/e2e.yml': OVERRIDE, 'stamp.sh': STAMP, 'app/static/stamp.txt': 'original\n' },
  });
  const stamp = (release: string) => readFileSync(ctx.site.at(release, 'app', 'static', 'stamp.txt'), 'utf8');

  it('collectstatic rewrites app/static/stamp.txt in the new release: the previous release keeps the original, and a rollback serves it', async () => {
    const v1 = ctx.site.link();
    expect(stamp('current')).toBe('original\n');
    const v2 = await ctx.site.repo.commit('static', { 'app/static/app.css': 'body { color: teal; }\n', 'app/static/REWRITE': 'v2\n' });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan).toMatchObject({ tasks: ['collectstatic'] });
    expect(stamp(`releases/${v2}`)).toBe('rewritten by v2\n');
    expect(stamp(`releases/${v1}`)).toBe('original\n');
    const back = await runCli(['rollback', '--repo', ctx.site.repo.dir, '--target', 'vps', '--json'], ctx.site.env);
    expect(back.code, back.stderr).toBe(0);
    expect(ctx.site.link()).toBe(v1);
    expect(stamp('current')).toBe('original\n');
  });
});
