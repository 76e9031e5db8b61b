/**
 * One health.stable_for window per Apply, on the real engine (compose v2 and v1, harness sshd,
 * busybox compose-app fixture). web (with a healthcheck) has a stop grace of 5 s, so that a Python
 * change takes two `up` groups: celery_beat, then web; celery_worker is replaced start-first with an
 * overlap of 0 s. celery_beat and celery_worker have no healthcheck.
 * - A Python change waits one window, after the last `up`, over every service it started
 *   (celery_worker's start-first replacement too); before, each `up` group waited its own (v2), or
 *   none ran (v1).
 * - celery_beat (first group) crashing a second after its `up`, while web is upped and waited
 *   for, is still caught, with the crash message, and the deploy is undone.
 * - celery_worker's start-first replacement crashing a second after it starts (overlap 0 s: the old
 *   container is already gone) is caught by the window and undone: the good release runs again.
 * - A one-shot migrate service (restart: "no") that exits 0 within the window has finished: the
 *   deploy succeeds (before, "is exited (exit code 0)" failed it).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { containerState, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

const BASE = 'services:\n  celery_beat:\n    environment: {STABLE: "1"}\n';
const CRASH = '["sh", "-c", "sleep 1; exit 3"]';
const BUILD = 'build: {context: .., dockerfile: docker/Dockerfile, args: {BASE: "${FIXTURE_BASE_IMAGE:-gitops-fixture-base:latest}"}}';
const WINDOW = /have run 3 s without a restart \(health\.stable_for\)/;
// a crash a later wait of the same start finds is worded from what the waits saw: before the window
// when found within it, else between the last sighting without it and the finding ("at most" when seen once)
const CRASHED = (service: string) =>
  new RegExp(
    `health check failed: \\S*${service}\\S* crashed: Docker restarted it \\d+ time\\(s\\) (before it had run 3 s|(between \\d+ s and |at most )?\\d+ s after a wait first saw it running) \\(it has no healthcheck; health.stable_for\\)`,
  );

describe.runIf(ready).each([
  ['v2', 'docker compose'],
  ['v1', 'docker-compose'],
])('one stable window per Apply (compose %s)', (label, command) => {
  const ctx = composeSiteOnSshd(`gdwin${label}`, {
    command,
    composeFiles: ['docker-compose.yml', 'stable.yml'],
    composeServices: '{celery_worker: {rollout: start-first, overlap: 0s}, web: {stop_grace: 5s}}',
    files: { 'docker/stable.yml': BASE },
  });

  /** A Python change (with `files`) deployed: the run. */
  async function deployPython(name: string, files: Record<string, string> = {}) {
    await ctx.site.repo.commit(name, { [`app/${name}.py`]: `NAME = ${JSON.stringify(name)}\n`, ...files });
    return runCli(ctx.site.args(), ctx.site.env);
  }

  /** The only container of `service`, running without a restart, and still so 2 s later. */
  async function runsSteadily(service: string): Promise<void> {
    const [c, ...more] = (await projectContainers(ctx.project)).filter((x) => x.service === service);
    expect(more).toHaveLength(0);
    await new Promise((res) => setTimeout(res, 2000));
    const st = await containerState(c!.id);
    expect([st.status, st.restartCount]).toEqual(['running', 0]);
  }

  /** `stable` (docker/stable.yml) crashes `service`: the deploy fails saying so and is undone; the good definition back in the repo. */
  async function crashIsUndone(name: string, stable: string, service: string): Promise<void> {
    const good = ctx.site.state().current;
    const r = await deployPython(name, { 'docker/stable.yml': stable });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(CRASHED(service));
    expect(ctx.site.state().current).toBe(good);
    expect(ctx.site.link()).toBe(good);
    await runsSteadily(service);
    await ctx.site.repo.commit(`${name} reverted`, { 'docker/stable.yml': BASE });
  }

  it('a Python change (two up groups, a start-first celery_worker) waits one window, after the last up, over all of them', async () => {
    const r = await deployPython('one_window');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    // the scenario: two up groups (the second with web's stop grace) and celery_worker start-first
    expect([count(/up -d --no-deps celery_beat$/), count(/up -d --no-deps --timeout 5 web$/)], r.stderr).toEqual([1, 1]);
    expect(count(/start-first celery_worker: .* is ready/), r.stderr).toBe(1);
    const windows = lines.filter((l) => WINDOW.test(l));
    expect(windows, r.stderr).toHaveLength(1);
    expect(windows[0]).toContain('waiting until celery_beat, celery_worker, web are running and healthy');
    expect(ctx.site.state().current).toBe(r.json.release);
  });

  it('celery_beat (first up group) crashing a second after its up is caught, and the deploy undone', async () => {
    await crashIsUndone('beat_crash', `${BASE}    command: ${CRASH}\n`, 'celery_beat');
  });

  it("celery_worker's start-first replacement crashing a second after it starts (overlap 0 s) is caught, and the deploy undone", async () => {
    await crashIsUndone('worker_crash', `${BASE}  celery_worker:\n    command: ${CRASH}\n`, 'celery_worker');
  });

  it('a one-shot migrate (restart: "no") that exits 0 within the window has finished: the deploy succeeds', async () => {
    const migrate = `${BASE}  migrate:\n    ${BUILD}\n    network_mode: none\n    restart: "no"\n    command: ["sh", "-c", "sleep 1; echo migrated"]\n`;
    const r = await deployPython('with_migrate', { 'docker/stable.yml': migrate });
    expect(r.code, r.stderr).toBe(0);
    expect(ctx.site.state().current).toBe(r.json.release);
    const [job] = (await projectContainers(ctx.project)).filter((c) => c.service === 'migrate');
    const st = await containerState(job!.id);
    expect([st.status, st.restartCount]).toEqual(['exited', 0]);
  });
});
