/**
 * `health.stable_for` on the real engine (compose v2, harness sshd, busybox compose-app fixture):
 * a stop-first web without a healthcheck whose new container exits a second after `up` is not
 * counted as started. With `restart: unless-stopped` (the fixture's), Docker starts it again and
 * again; with `restart: "no"`, it stays exited. Either way the deploy fails (exit 1) naming the
 * crash, and is undone: `current` and the state stay on the good release and web runs its command
 * again, steadily. Without the window, the wait after `up` counted the container started as soon as
 * it ran (as `up --wait` does), and the deploy succeeded with a crashing web.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { containerState, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

const NO_HEALTH = 'services:\n  web:\n    healthcheck: {disable: true}\n';

describe.runIf(ready)('a stop-first web without a healthcheck that exits a second after up (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdstable', {
    command: 'docker compose',
    composeFiles: ['docker-compose.yml', 'nohealth.yml'],
    files: { 'docker/nohealth.yml': NO_HEALTH },
  });
  const web = async () => {
    const webs = (await projectContainers(ctx.project)).filter((c) => c.service === 'web');
    expect(webs).toHaveLength(1);
    return webs[0]!;
  };

  /** A release whose web exits 3 after a second: the deploy fails with `message` and is undone; web runs steadily again. */
  async function crashingReleaseIsUndone(label: string, restart: string, message: RegExp): Promise<void> {
    const { site } = ctx;
    const good = site.state().current;
    const crash = `${NO_HEALTH}    restart: ${restart}\n    command: ["sh", "-c", "sleep 1; exit 3"]\n`;
    await site.repo.commit(label, { 'docker/nohealth.yml': crash, 'app/templates/index.html': `<h1>${label}</h1>\n` });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(site.state().current).toBe(good);
    expect(site.link()).toBe(good);
    // the undo put web back on the good release's definition: it runs, and still does 2 s later without a restart
    const back = await web();
    await new Promise((res) => setTimeout(res, 2000));
    const st = await containerState(back.id);
    expect([st.status, st.restartCount]).toEqual(['running', 0]);
    await site.repo.commit(`${label} reverted`, { 'docker/nohealth.yml': NO_HEALTH });
  }

  it('restart: unless-stopped (Docker restarts it): the deploy fails saying it crashed, and is undone', async () => {
    await crashingReleaseIsUndone(
      'crash-restarted',
      'unless-stopped',
      /health check failed: \S+-web-1 crashed: Docker restarted it \d+ time\(s\) before it had run 3 s \(it has no healthcheck; health.stable_for\)/,
    );
  });

  it('restart: "no": the deploy fails saying it exited, and is undone', async () => {
    await crashingReleaseIsUndone('crash-exited', '"no"', /health check failed: \S+-web-1 is exited \(exit code 3\)/);
  });

  it('a web that keeps running is deployed, after at least the 3 s window', async () => {
    const { site } = ctx;
    await site.repo.commit('steady', { 'app/templates/index.html': '<h1>steady</h1>\n' });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(0);
    const apply = (r.json.phases as { name: string; ms: number }[]).find((p) => p.name === 'Apply');
    expect(apply!.ms).toBeGreaterThanOrEqual(3000);
    expect(site.state().current).toBe(r.json.release);
  });
});
