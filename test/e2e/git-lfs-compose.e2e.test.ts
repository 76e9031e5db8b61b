/**
 * A Git LFS file in a compose app's build context, on real compose v2 over the harness sshd: the
 * release on the host and the image built from it (Dockerfile `COPY . /app`) hold its content, not
 * its pointer, though git-lfs is not set up where the deploy runs (objects only in the local store).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, projectContainers } from './harness/docker.js';
import { forgetLfsFilter, lfsTrack, NO_LFS_CONFIG } from './harness/lfs.js';
import { gate, onPath } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2 + git-lfs', sshdAvailable() && onPath('git-lfs') && (await dockerAvailable()));

describe.runIf(ready)('a compose deploy of a commit with a Git LFS file', () => {
  const ctx = composeSiteOnSshd('gdlfs', { command: 'docker compose' });

  it('the release and the rebuilt web image hold the LFS file content', async () => {
    const { site } = ctx;
    const content = randomBytes(5000).toString('base64');
    lfsTrack(site.repo.dir, 'app/static/*.bin');
    const sha = await site.repo.commit('an LFS asset', { 'app/static/logo.bin': content });
    expect(site.repo.git('cat-file', '-p', `${sha}:app/static/logo.bin`)).toMatch(/^version https:\/\/git-lfs/);
    forgetLfsFilter(site.repo.dir);
    const r = await runCli(site.args(), { ...site.env, ...NO_LFS_CONFIG });
    expect(r.code, r.stderr).toBe(0);
    // .gitattributes is new in every image's build context: each one is rebuilt
    expect(r.json.plan).toMatchObject({ build: expect.arrayContaining(['web']) });
    expect(readFileSync(site.at('releases', sha, 'app', 'static', 'logo.bin'), 'utf8')).toBe(content);
    const [web] = (await projectContainers(ctx.project)).filter((c) => c.service === 'web');
    expect(web, 'a web container').toBeDefined();
    expect((await docker(['exec', web!.id, 'cat', '/app/app/static/logo.bin'])).stdout).toBe(content);
  });
});
