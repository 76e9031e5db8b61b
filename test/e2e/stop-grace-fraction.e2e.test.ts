/**
 * A compose `stop_grace_period` that is not whole seconds (`1500ms`, `2.5s`: valid compose
 * durations) reaches `up`/`restart` as a whole `--timeout` (rounded up): compose v2 refuses
 * `--timeout 1.5` (strconv.ParseInt), which failed the deploy. Compose v1 cannot run such a file at
 * all (Docker refuses its StopTimeout of 1.5), so only v2 is tested. Real engine, harness sshd,
 * busybox compose-app fixture.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)('stop_grace_period of 1500ms (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdgrace', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'grace.yml'],
    files: { 'docker/grace.yml': 'services:\n  celery_worker:\n    environment: {GRACE: "none"}\n' },
  });
  const worker = async () => (await projectContainers(ctx.project)).filter((c) => c.service === 'celery_worker');

  it('the recreated worker is stopped with --timeout 2, and the deploy succeeds', async () => {
    const { site } = ctx;
    const [old] = await worker();
    const grace = 'services:\n  celery_worker:\n    environment: {GRACE: "1500ms"}\n    stop_grace_period: 1500ms\n';
    const sha = await site.repo.commit('worker grace 1500ms', { 'docker/grace.yml': grace });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('up -d --no-deps --timeout 2 celery_worker');
    const after = await worker();
    expect(after.map((c) => c.state)).toEqual(['running']);
    expect(after[0]!.id).not.toBe(old!.id);
    expect(site.state().current).toBe(sha);
  });
});
