/**
 * Layout releases, compose v2: a running service that bind-mounts a directory of its release and
 * writes there (uploads kept in the code tree instead of shared/) puts its files into
 * releases/<id>: the next deploy does not carry them over and the prune deletes them. `doctor`
 * names them (a warning, with the way out), before they are lost. On real compose v2 over the
 * harness sshd; the write is the service's own (docker exec in its container).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { containerIds, docker, dockerAvailable } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v2', sshdAvailable() && (await dockerAvailable()));

/** web sees its release at /release (a bind mount of the compose project's parent: the release) */
const OVERRIDE = 'services:\n  web:\n    volumes:\n      - ..:/release\n';

describe.runIf(ready)('files a service writes into its release directory are named by doctor (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdrelwrites', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'e2e.yml'],
    files: { 'docker/e2e.yml': OVERRIDE },
  });
  const doctor = () => runCli(['doctor', '--repo', ctx.site.repo.dir, '--target', 'vps', '--json'], ctx.site.env);

  it('nothing written: no warning; an upload written by web into releases/<id>/uploads: a warning naming it, and the shared fix', async () => {
    const live = ctx.site.link();
    const before = await doctor();
    expect(before.stdout + before.stderr).not.toContain('release writes');
    const web = (await containerIds(ctx.project)).web!;
    await docker(['exec', web, 'sh', '-c', 'mkdir -p /release/uploads && echo jpeg > /release/uploads/photo.jpg']);
    expect(existsSync(ctx.site.at('releases', live, 'uploads', 'photo.jpg'))).toBe(true);
    const after = await doctor();
    const check = (after.json?.doctor ?? []).find((c: { check: string }) => c.check === 'release writes');
    expect(check, after.stdout + after.stderr).toMatchObject({ status: 'warn' });
    expect(check.detail).toContain(`${ctx.site.at('releases', live)} holds 1 file written after its upload`);
    expect(check.detail).toContain('uploads/photo.jpg');
    expect(check.fix).toContain('targets.vps.shared');
  });
});
