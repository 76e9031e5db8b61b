/**
 * health.stable_for around the tasks, and one-shot services in the Verify, on the real engine
 * (compose v2 and v1, harness sshd, busybox compose-app fixture).
 * - A static change builds web and celery_beat (no healthcheck), runs collectstatic (held
 *   `before: [nginx]`), then restarts nginx. celery_beat runs its window before the tasks (they run
 *   in the release the window proved steady); the task makes it crash once, after its window, while
 *   the task still runs: the held part's start (after the tasks) holds celery_beat again and fails
 *   on the restart, and the deploy is undone. Before, nothing looked at it again but the Verify,
 *   which saw it running again: the crash was deployed.
 * - With stable_for "0s" on compose v1 (no wait after `up`, no window: the Verify polls), a
 *   one-shot migrate (restart "no") that exits 0 has finished, as the Apply's wait judges it.
 *   Before, the Verify failed the deploy with "migrate is exited".
 * - The same crash with no held part (the task has no `before`: nginx restarts before the tasks):
 *   nothing starts after the tasks, so the Verify holds celery_beat again and fails on the
 *   restart. Before, the Verify's poll saw it running again (it ignores restart counts): exit 0.
 */
import { rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { containerState, dockerAvailable, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

/** Both compose clients, by label and command. */
const COMPOSES: [string, string][] = [
  ['v2', 'docker compose'],
  ['v1', 'docker-compose'],
];
const BASE = 'services:\n  celery_beat:\n    environment: {STABLE: "1"}\n';
const BUILD = 'build: {context: .., dockerfile: docker/Dockerfile, args: {BASE: "${FIXTURE_BASE_IMAGE:-gitops-fixture-base:latest}"}}';
// celery_beat waits for the task's file, then crashes once (the file is gone after its restart)
const CRASH_ON_TASK =
  'services:\n  celery_beat:\n    volumes: ["../media:/app/media"]\n' +
  '    command: ["sh", "-c", "until [ -f /app/media/crash ]; do sleep 0.2; done; rm -f /app/media/crash; exit 3"]\n';
// celery_beat with a healthcheck: healthy again a second after Docker restarted it
const HEALTHCHECK = '    healthcheck: {test: ["CMD", "true"], interval: 1s, timeout: 10s, retries: 3}\n';
const TASK = 'collectstatic: {service: web, command: "touch /app/media/crash && sleep 6", before: [nginx]}';
const TASK_UNHELD = 'collectstatic: {service: web, command: "touch /app/media/crash && sleep 6"}';
const ONE_SHOT = `services:\n  migrate:\n    ${BUILD}\n    network_mode: none\n    restart: "no"\n    command: ["sh", "-c", "echo migrated"]\n`;

/** The compose-app site with celery_beat built by the static rule and `task` as collectstatic; `edit`: more config edits. */
const siteWithTask = (project: string, command: string, task: string, edit = (yaml: string) => yaml) =>
  composeSiteOnSshd(project, {
    command,
    composeFiles: ['docker-compose.yml', 'stable.yml'],
    files: { 'docker/stable.yml': BASE },
    editConfig: (yaml) =>
      edit(
        yaml
          .replace('build: [web], tasks: [collectstatic]', 'build: [web, celery_beat], tasks: [collectstatic]')
          .replace('collectstatic: {service: web, command: "echo collectstatic"}', task),
      ),
  });

/** health.stable_for "0s": no window. */
const NO_WINDOW = (yaml: string) =>
  yaml.replace('health: {services: true, timeout: 60s}', 'health: {services: true, timeout: 60s, stable_for: 0s}');

/** A deploy whose celery_beat crashes while the task runs: failed (exit 1), `current` back on the good release; its run. */
async function deployCrashingDuringTasks(ctx: ReturnType<typeof siteWithTask>, stable = CRASH_ON_TASK): Promise<CliRun> {
  const good = ctx.site.state().current;
  await ctx.site.repo.commit('crash during tasks', { 'app/static/crash.css': 'a {}\n', 'docker/stable.yml': stable });
  // the first deploy's task left its file: without this, celery_beat would crash as it starts, not during the tasks
  await rm(ctx.site.at('shared', 'media', 'crash'), { force: true });
  const r = await runCli(ctx.site.args(), ctx.site.env);
  await rm(ctx.site.at('shared', 'media', 'crash'), { force: true });
  expect(r.code, r.stderr).toBe(1);
  expect(ctx.site.state().current).toBe(good);
  expect(ctx.site.link()).toBe(good);
  return r;
}

/** The crash message for a container with a healthcheck that a wait saw healthy before the tasks. */
const CRASHED_HEALTHY =
  /health check failed: \S*celery_beat\S* crashed: Docker restarted it 1 time\(s\) after a wait had seen it running and healthy, before the tasks \(it has a healthcheck/;

/** The crash message for a container whose window was served before the tasks. */
const CRASHED_AFTER =
  /health check failed: \S*celery_beat\S* crashed: Docker restarted it 1 time\(s\) after it had run 3 s without one \(its stable window, served before the tasks;/;

describe.runIf(ready).each(COMPOSES)('stable window around the tasks (compose %s)', (label, command) => {
  const ctx = siteWithTask(`gdwint${label}`, command, TASK);

  it('a container of the first part crashing while the tasks run is caught after them, and the deploy undone', async () => {
    const r = await deployCrashingDuringTasks(ctx);
    // the window before the tasks passed; the held part's start caught the restart
    expect(r.stderr).toMatch(/Apply after the tasks \(nginx\)/);
    expect(r.stderr).toMatch(CRASHED_AFTER);
  });
});

describe.runIf(ready).each(COMPOSES)('stable window, tasks with no held part after them (compose %s)', (label, command) => {
  const ctx = siteWithTask(`gdwinv${label}`, command, TASK_UNHELD);

  it('a container crashing while the tasks run (nothing starts after them) is caught by the Verify, and the deploy undone', async () => {
    const r = await deployCrashingDuringTasks(ctx);
    expect(r.stderr).not.toMatch(/Apply after the tasks/);
    // caught by the Verify, the first thing after the tasks (the error line comes at the end, after the undo)
    expect(r.stderr).toMatch(/▶ Verify\n {2}waiting until celery_beat, web [^▶]*✘ Verify/);
    expect(r.stderr).toMatch(CRASHED_AFTER);
  });
});

describe.runIf(ready).each(COMPOSES)(
  'stable window, a container with a healthcheck, tasks with no held part (compose %s)',
  (label, command) => {
    const ctx = siteWithTask(`gdwinh${label}`, command, TASK_UNHELD);

    it('a container with a healthcheck that crashes while the tasks run, healthy again by the Verify, is caught by it, and the deploy undone', async () => {
      const r = await deployCrashingDuringTasks(ctx, CRASH_ON_TASK + HEALTHCHECK);
      expect(r.stderr).toMatch(/▶ Verify\n {2}waiting until celery_beat, web [^▶]*✘ Verify/);
      expect(r.stderr).toMatch(CRASHED_HEALTHY);
    });
  },
);

describe.runIf(ready).each(COMPOSES)('stable window, a rollback with tasks (compose %s)', (label, command) => {
  const ctx = siteWithTask(`gdwinr${label}`, command, TASK_UNHELD);

  it("a container with a healthcheck that crashes while the rollback's tasks run is caught by its Verify, and the rollback undone", async () => {
    const first = ctx.site.state().current;
    await ctx.site.repo.commit('static', { 'app/static/crash.css': 'a {}\n' });
    expect((await runCli(ctx.site.args(), ctx.site.env)).code).toBe(0);
    const live = ctx.site.state().current;
    // the first release, in its kept directory: celery_beat (healthcheck) crashes once on the task's file
    await writeFile(ctx.site.at('releases', first, 'docker', 'stable.yml'), CRASH_ON_TASK + HEALTHCHECK);
    await rm(ctx.site.at('shared', 'media', 'crash'), { force: true });
    const r = await runCli(['rollback', '--repo', ctx.site.repo.dir, '--target', 'vps', '--json'], ctx.site.env);
    await rm(ctx.site.at('shared', 'media', 'crash'), { force: true });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/▶ Verify\n {2}waiting until celery_beat, web [^▶]*✘ Verify/);
    expect(r.stderr).toMatch(CRASHED_HEALTHY);
    expect(ctx.site.state().current).toBe(live);
    expect(ctx.site.link()).toBe(live);
  });
});

describe.runIf(ready)('a container with a healthcheck crashing as it starts (compose v2)', () => {
  const ctx = siteWithTask('gdwincv2', 'docker compose', TASK_UNHELD);

  it('the wait that looks while Docker restarts it says it crashed, not "is unhealthy" (Docker says unhealthy while it restarts); the deploy undone', async () => {
    const good = ctx.site.state().current;
    const crashing = 'services:\n  celery_beat:\n    command: ["sh", "-c", "exit 3"]\n' + HEALTHCHECK;
    await ctx.site.repo.commit('crash at start', { 'app/static/crash.css': 'a {}\n', 'docker/stable.yml': crashing });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/health check failed: \S*celery_beat\S* crashed: Docker restarted it [1-9]\d* time\(s\) \(last exit code 3;/);
    expect(r.stderr).not.toMatch(/is unhealthy/);
    expect(ctx.site.state().current).toBe(good);
    expect(ctx.site.link()).toBe(good);
  });
});

describe.runIf(ready).each(COMPOSES)('stable_for "0s", tasks with no held part (compose %s)', (label, command) => {
  const ctx = siteWithTask(`gdwinz${label}`, command, TASK_UNHELD, NO_WINDOW);

  it('a container crashing while the tasks run, running again by the Verify, is caught by the Verify from the restart counts the waits saw, and the deploy undone', async () => {
    const r = await deployCrashingDuringTasks(ctx);
    expect(r.stderr).toMatch(
      /health check failed: \S*celery_beat\S* crashed: Docker restarted it 1 time\(s\) after a wait of the Apply had seen it running \(it has no healthcheck/,
    );
  });
});

describe.runIf(ready).each(COMPOSES)('stable_for "0s": a finished one-shot in the Verify (compose %s)', (label, command) => {
  const ctx = composeSiteOnSshd(`gdwin0${label}`, {
    command,
    composeFiles: ['docker-compose.yml', 'stable.yml'],
    files: { 'docker/stable.yml': BASE },
    editConfig: (yaml) => yaml.replace('health: {services: true, timeout: 60s}', 'health: {services: true, timeout: 60s, stable_for: 0s}'),
  });

  it('a one-shot migrate (restart: "no") that exited 0 has finished: the deploy succeeds', async () => {
    await ctx.site.repo.commit('with migrate', { 'app/one_shot.py': 'X = 1\n', 'docker/stable.yml': ONE_SHOT });
    const r = await runCli(ctx.site.args(), ctx.site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(ctx.site.state().current).toBe(r.json.release);
    const [job] = (await projectContainers(ctx.project)).filter((c) => c.service === 'migrate');
    const st = await containerState(job!.id);
    expect([st.status, st.restartCount]).toEqual(['exited', 0]);
  });
});
