/**
 * The wait after `up` (wait-started.ts) run by sh on this machine against real containers, whose
 * Docker healthcheck (interval 300 s) stays `starting` for the whole test: only the wait's probe
 * can find them ready. Its probe retries the check inside the container with one `docker exec`;
 * a container without `sh` gets the check by itself; a container that exits while probed fails
 * the wait at once. Docker's own events count the execs.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_LOOP, waitStartedScript } from '../../src/apply/wait-started.js';
import type { HealthProbe } from '../../src/apply/health-probe.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { buildBusyboxBaseImage, docker, dockerAvailable, FIXTURE_BASE_IMAGE, removeProject, uniqueProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const available = gate('docker engine', await dockerAvailable());
const local = new LocalExecutor();

const CHECK = ['CMD', '/bin/busybox', 'test', '-f', '/tmp/ready'];
const PROBE: HealthProbe = { test: CHECK, argv: CHECK.slice(1), timeoutSeconds: 2 };
const HEALTHCHECK = `HEALTHCHECK --interval=300s --timeout=2s CMD ${JSON.stringify(CHECK.slice(1))}`;
/** the busybox base with the healthcheck; and one without sh: busybox alone (no applet links) and /tmp */
const WITH_SH = 'gitops-fixture-probe-sh:1';
const NO_SH = 'gitops-fixture-probe-nosh:2';

async function buildOnce(tag: string, lines: string[], files: Record<string, string> = {}): Promise<void> {
  if ((await docker(['image', 'inspect', tag], true)).code === 0) return;
  const ctx = await makeTempDir('gitops-probe-image');
  try {
    for (const [name, from] of Object.entries(files)) await copyFile(from, path.join(ctx, name));
    await writeFile(path.join(ctx, 'Dockerfile'), [...lines, ''].join('\n'));
    await local.run(['docker', 'build', '-q', '--network', 'none', '-t', tag, ctx], { env: { DOCKER_BUILDKIT: '0' } });
  } finally {
    await removeTree(ctx);
  }
}

/** `/bin/busybox sh -c` runs the script even without /bin/sh, each command by its busybox path. */
const script = (text: string): string[] => ['/bin/busybox', 'sh', '-c', text];

describe.runIf(available)('the wait probe against real containers', () => {
  const project = uniqueProject('gdwaitprobe');

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    await buildOnce(WITH_SH, [`FROM ${FIXTURE_BASE_IMAGE}`, HEALTHCHECK]);
    const tmp = 'RUN ["/bin/busybox", "mkdir", "-m", "1777", "/tmp"]';
    await buildOnce(NO_SH, ['FROM scratch', 'COPY busybox /bin/busybox', tmp, 'ENV PATH=/bin', HEALTHCHECK], { busybox: '/bin/busybox' });
  });

  afterAll(async () => {
    await removeProject(project);
  });

  /** Starts web of `project` from `image` running `command`; waits for it; returns the wait's result, its time and the execs Docker saw. */
  async function startAndWait(image: string, command: string) {
    await removeProject(project);
    const labels = [`com.docker.compose.project=${project}`, 'com.docker.compose.service=web', 'com.docker.compose.oneoff=False'];
    const since = Date.now() / 1000;
    const id = (
      await docker(['run', '-d', '--network', 'none', ...labels.flatMap((l) => ['--label', l]), image, ...script(command)])
    ).stdout.trim();
    const started = Date.now();
    const r = await local.run(['sh', '-c', waitStartedScript(project, ['web'], 30, { web: PROBE })], { allowFailure: true });
    const ms = Date.now() - started;
    const events = await docker([
      'events',
      '--since',
      since.toFixed(3),
      '--until',
      String(Math.ceil(Date.now() / 1000) + 1),
      '--filter',
      `container=${id}`,
      '--filter',
      'event=exec_create',
      '--format',
      '{{.Action}}',
    ]);
    const execs = events.stdout.split('\n').filter(Boolean);
    return { ...r, ms, execs, health: (await docker(['inspect', '--format', '{{.State.Health.Status}}', id])).stdout.trim() };
  }

  it('ready 0.3 s after the start: one docker exec, the check retried inside, long before Docker checks', async () => {
    const r = await startAndWait(WITH_SH, '/bin/busybox sleep 0.3; /bin/busybox touch /tmp/ready; exec /bin/busybox sleep 600');
    expect(r).toMatchObject({ code: 0, stderr: '', health: 'starting' });
    expect(r.ms).toBeLessThan(10_000);
    expect(r.execs).toEqual([`exec_create: sh -c ${PROBE_LOOP} sh /bin/busybox test -f /tmp/ready`]);
  });

  it('a container without sh: the check by itself, once the loop could not start; ready all the same', async () => {
    const r = await startAndWait(NO_SH, '/bin/busybox sleep 0.5; /bin/busybox touch /tmp/ready; exec /bin/busybox sleep 600');
    expect(r).toMatchObject({ code: 0, stderr: '', health: 'starting' });
    expect(r.ms).toBeLessThan(10_000);
    const loops = r.execs.filter((e) => e.startsWith('exec_create: sh '));
    const plain = r.execs.filter((e) => e === 'exec_create: /bin/busybox test -f /tmp/ready');
    expect(loops).toHaveLength(1);
    expect(plain.length).toBeGreaterThanOrEqual(1);
    expect(loops.length + plain.length).toBe(r.execs.length);
  });

  it('a container that exits while its check is retried fails the wait within seconds', async () => {
    const r = await startAndWait(WITH_SH, '/bin/busybox sleep 1; exit 3');
    expect(r.code).toBe(1);
    // Docker marks the health of a stopped container unhealthy; the verdict names that first
    expect(r.stderr).toMatch(/^health check failed: \S+ is (unhealthy|exited \(exit code 3\))\n$/);
    expect(r.ms).toBeLessThan(10_000);
  });
});
