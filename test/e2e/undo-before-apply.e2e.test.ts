/**
 * A compose rollback refused before any container is touched, on real components (a real sshd,
 * the shared dockerd, docker compose): the retained release's image is gone from the host and its
 * rebuild fails. The undo puts `current` and the image names back; the live services keep running
 * (the same containers), never recreated for a run that did not touch them.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { containerIds, dockerAvailable } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)('a rollback refused before Apply', () => {
  const ctx = composeSiteOnSshd('undo-before-apply', {});

  it('image gone, rebuild fails: current back, the live containers are the same ones', async () => {
    const { site, project } = ctx;
    const v1 = site.state().current;
    const index = 'app/templates/index.html';
    await site.repo.commit('v2', { [index]: `${readFileSync(`${site.repo.dir}/${index}`, 'utf8')}<!-- v2 -->\n` });
    const v2run = await runCli(site.args(), site.env);
    expect(v2run.code, v2run.stderr).toBe(0);
    const v2 = site.state().current;
    expect(v2).not.toBe(v1);
    // v1's web image gone from the host (its id unknown to docker: the image v1 recorded is shared with
    // services v2 did not rebuild, so it cannot be deleted), its Dockerfile broken: the rebuild fails
    const state = JSON.parse(readFileSync(site.at('.deploy', 'state.json'), 'utf8'));
    state.releases.find((r: { id: string }) => r.id === v1).images.web.id = `sha256:${'0'.repeat(64)}`;
    await writeFile(site.at('.deploy', 'state.json'), JSON.stringify(state, null, 2));
    const dockerfile = site.at('releases', v1, 'docker', 'Dockerfile');
    // a new file (the old one may be a hard link shared with v2's directory)
    await rm(dockerfile);
    await writeFile(dockerfile, 'FROM busybox:does-not-exist-gitops\nRUN false\n');
    const before = await containerIds(project);
    const r = await runCli(['rollback', '--repo', site.repo.dir, '--target', 'vps', '--json'], site.env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no longer on the host/);
    expect(site.link()).toBe(v2);
    expect(site.state().current).toBe(v2);
    expect(await containerIds(project)).toEqual(before);
  });
});
