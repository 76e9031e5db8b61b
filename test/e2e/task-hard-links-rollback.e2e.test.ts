/**
 * Layout releases, compose: a rollback runs the reverse plan's tasks in the target release's kept
 * directory. A release deployed without tasks is hard links to the release before it: a task of the
 * rollback rewriting a committed file through a bind mount must change the rolled-back-to release
 * only, never the older release it shares inodes with, and a deploy after the rollback still works.
 * On real compose v2 over the harness sshd.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** web sees its release at /release (a bind mount of the compose project's parent: the release) */
const OVERRIDE = 'services:\n  web:\n    volumes:\n      - ..:/release\n';
/** docs/ changes are ignored by the plan: a release changing docs/REWRITE alone runs no task */
const STAMP =
  'if [ -f /release/docs/REWRITE ]; then echo "rewritten by $(cat /release/docs/REWRITE)" > /release/app/static/stamp.txt; fi\n';
const COLLECTSTATIC = 'collectstatic: {service: web, command: "echo collectstatic"}';

describe.runIf(ready)('a rollback task rewriting a hard-linked committed file changes the rolled-back-to release only (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdtasklinksrb', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    editConfig: (yaml) => yaml.replace(COLLECTSTATIC, 'collectstatic: {service: web, command: "sh /release/stamp.sh"}'),
    files: { 'docker/e2e.yml': OVERRIDE, 'stamp.sh': STAMP, 'app/static/stamp.txt': 'original\n' },
  });
  const stamp = (release: string) => readFileSync(ctx.site.at(release, 'app', 'static', 'stamp.txt'), 'utf8');
  const deploy = async () => {
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };

  it('rollback to a release hard-linked to an older one: its collectstatic leaves the older release and the undone one as they were; the next deploy works', async () => {
    const v1 = ctx.site.link();
    const a = await ctx.site.repo.commit('docs only', { 'docs/REWRITE': 'A\n' });
    expect((await deploy()).json.plan).toMatchObject({ tasks: [] });
    expect(stamp(`releases/${a}`)).toBe('original\n');
    const b = await ctx.site.repo.commit('static', { 'app/static/app.css': 'body { color: teal; }\n', 'docs/REWRITE': 'B\n' });
    expect((await deploy()).json.plan).toMatchObject({ tasks: ['collectstatic'] });
    expect(stamp(`releases/${b}`)).toBe('rewritten by B\n');

    const back = await runCli(['rollback', '--repo', ctx.site.repo.dir, '--target', 'vps', '--json'], ctx.site.env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.json.plan).toMatchObject({ tasks: ['collectstatic'] });
    expect(ctx.site.link()).toBe(a);
    expect(stamp('current')).toBe('rewritten by A\n');
    expect(stamp(`releases/${b}`)).toBe('rewritten by B\n');
    expect(stamp(`releases/${v1}`)).toBe('original\n');

    const c = await ctx.site.repo.commit('static again', { 'app/static/app.css': 'body { color: navy; }\n', 'docs/REWRITE': 'C\n' });
    await deploy();
    expect(ctx.site.link()).toBe(c);
    expect(stamp('current')).toBe('rewritten by C\n');
    expect(stamp(`releases/${a}`)).toBe('rewritten by A\n');
    expect(stamp(`releases/${v1}`)).toBe('original\n');
  });

  it('rollback to a release whose tasks write nothing: its files get inodes of their own and its manifest stays true, so the next deploy is a diff upload from it', async () => {
    const d = await ctx.site.repo.commit('no rewrite', { 'docs/REWRITE': null });
    expect((await deploy()).json.plan).toMatchObject({ tasks: [] });
    await ctx.site.repo.commit('static, no rewrite', { 'app/static/app.css': 'body { color: olive; }\n' });
    expect((await deploy()).json.plan).toMatchObject({ tasks: ['collectstatic'] });
    const back = await runCli(['rollback', '--repo', ctx.site.repo.dir, '--target', 'vps', '--json'], ctx.site.env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.json.plan).toMatchObject({ tasks: ['collectstatic'] });
    expect(ctx.site.link()).toBe(d);
    expect(statSync(ctx.site.at('releases', d, 'app', 'static', 'app.css')).nlink).toBe(1);
    await ctx.site.repo.commit('docs after the rollback', { 'docs/after.md': 'after\n' });
    const r = await deploy();
    expect(r.stderr).toContain(`(diff from ${d.slice(0, 12)})`);
  });
});
