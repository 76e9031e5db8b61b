/**
 * A `rollback` of a service configured `rollout: start-first` keeps the deploy's rollout (compose
 * v2, harness sshd, busybox compose-app fixture): web serves HTTP on the project's compose network
 * (busybox httpd on :8000), a probe container on that network fetches web:8000 every 0.05 s (each
 * address Docker's DNS gives for web in turn, as a proxy retries the next upstream), and during the
 * rollback, which points web back at the previous release's image, no fetch fails: the old web
 * container serves until the new one is healthy. The rollback used to recreate web stop-first (`up
 * --force-recreate`, as it recreates every service whose image it points back): measured, 5 of 67
 * fetches failed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { composeSiteOnSshd } from './harness/compose-site.js';
import { docker, dockerAvailable, FIXTURE_BASE_IMAGE, normalizeProject, projectContainers } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable } from './harness/sshd.js';

const ready = gate('sshd + docker + compose v1 and v2', sshdAvailable() && (await dockerAvailable()));

const FIXTURE_COMPOSE = fileURLToPath(new URL('../fixtures/compose-app/docker/docker-compose.yml', import.meta.url));

/** The fixture's compose file with web on the project's default network, serving its release on :8000 (healthy once it answers). */
function servingCompose(): string {
  const web = `  web:
    build:
      context: ..
      dockerfile: docker/Dockerfile
      args:
        BASE: \${FIXTURE_BASE_IMAGE:-gitops-fixture-base:latest}
    command: ["sh", "-c", "mkdir -p /tmp/www && cp /app/RELEASE /tmp/www/index.html && httpd -p 8000 -h /tmp/www && trap 'exit 0' TERM INT; sleep 100000 & wait $$!"]
    volumes:
      - ../media:/app/media
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/"]
      interval: 1s
      timeout: 10s
      retries: 3
    restart: unless-stopped

`;
  const text = readFileSync(FIXTURE_COMPOSE, 'utf8');
  const out = text.replace(/  web:\n(?:    .*\n|\n)*?(?=  celery_worker:)/, web);
  expect(out).toContain('httpd -p 8000');
  return out;
}

/**
 * Fetches of web:8000 from a container on the project's network, one line each (ok <body> | fail):
 * every address Docker's DNS gives for web, in turn, until one answers (as a proxy tries the next
 * upstream), each fetch cut after 1 s by `timeout` (the static busybox wget segfaults with `-T`).
 */
const PROBE = `while :; do
  ok=
  for ip in $(nslookup web 127.0.0.11 2>/dev/null | sed -n 's/^Address: *\\([0-9.]*\\)$/\\1/p'); do
    if b=$(timeout 1 wget -q -O - "http://$ip:8000/" 2>/dev/null); then ok="ok $b"; break; fi
  done
  echo "\${ok:-fail}"
  sleep 0.05
done`;

interface Probe {
  stop(): Promise<{ ok: number; failed: number; bodies: string[] }>;
}

async function startProbe(project: string): Promise<Probe> {
  const network = `${normalizeProject(project)}_default`;
  const id = (await docker(['run', '-d', '--network', network, FIXTURE_BASE_IMAGE, 'sh', '-c', PROBE])).stdout.trim();
  // it reaches web before the test goes on
  for (let i = 0; i < 100 && !(await docker(['logs', id])).stdout.includes('ok '); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    async stop() {
      const lines = (await docker(['logs', id])).stdout.split('\n').filter(Boolean);
      await docker(['rm', '-f', id], true);
      return {
        ok: lines.filter((l) => l.startsWith('ok')).length,
        failed: lines.filter((l) => l === 'fail').length,
        bodies: [...new Set(lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3)))],
      };
    },
  };
}

describe.runIf(ready)('rollback of a start-first web (compose v2)', () => {
  const ctx = composeSiteOnSshd('gdsfrb', {
    command: 'docker compose',
    composeServices: '{web: {rollout: start-first, overlap: 1s}}',
    files: { 'docker/docker-compose.yml': servingCompose(), RELEASE: 'A\n' },
  });
  const webs = async () => (await projectContainers(ctx.project)).filter((c) => c.service === 'web');

  it('deploy B, then rollback to A under a probe loop: no failed fetch, the old web served until the new one was ready', async () => {
    const { site, project } = ctx;
    const a = site.state().current;
    await site.repo.commit('release B', { RELEASE: 'B\n', 'app/templates/index.html': '<h1>B</h1>\n' });
    const deployed = await runCli(site.args(), site.env);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json.plan.startFirst).toEqual(['web']);
    const [b] = await webs();

    const probe = await startProbe(project);
    const r = await runCli(['rollback', '--repo', site.repo.dir, '--target', 'vps', '--json'], site.env);
    await new Promise((res) => setTimeout(res, 500));
    const seen = await probe.stop();
    expect(r.code, r.stderr).toBe(0);
    expect(site.state().current).toBe(a);
    const after = await webs();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(b!.id);
    expect(after[0]!.state).toBe('running');
    console.log(`start-first rollback: ${seen.failed} failed fetches of ${seen.ok + seen.failed}`);
    expect(seen.ok).toBeGreaterThan(10);
    expect(seen.failed, JSON.stringify(seen)).toBe(0);
    expect(seen.bodies).toEqual(['B', 'A']);
    expect(r.stderr).toMatch(/start-first web: 1 new container beside/);
    expect(r.stderr).not.toMatch(/--force-recreate.* web/);
  });
});
