/**
 * Failed requests through nginx while `web` of the real app (test/fixtures/django-app, compose v2)
 * is replaced by a template deploy: once with the default rollout (stop-first), once with
 * `compose.services.web.rollout: start-first`. A poller sends ~20 GET /health per second; the
 * counts are printed side by side (`zero-downtime: stop-first failed=N/M start-first failed=K/L`);
 * start-first must lose none. nginx re-resolves `web` through Docker's DNS (resolver 127.0.0.11
 * valid=2s in the fixture's nginx.conf) and retries the next address on a connection error, so it
 * follows the switch without a reload.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { containerIds, docker, removeProject, uniqueProject } from './harness/docker.js';
import { startPoller, type PollResult } from './harness/poller.js';
import { freePort } from './harness/ports.js';
import { http, REALAPP_FIXTURE, realappAvailable, realappConfig, realappEnvFile } from './harness/realapp.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

// Opt-in like realapp-deploy for a plain `npm test` (three real deploys, a first one that builds
// every image); .ci/run sets E2E_REALAPP_DEPLOY=1.
const optedIn = process.env.E2E_REALAPP_DEPLOY === '1';
if (!optedIn) console.warn('\n*** SKIPPED e2e suite realapp-zero-downtime: opt-in, set E2E_REALAPP_DEPLOY=1 to run it ***\n');
const ready =
  optedIn &&
  gate('sshd + docker compose v2 + the real-app images', sshdAvailable() && (await realappAvailable()), 'run test/e2e/setup.sh as root');
const STEP = 900_000;
const TEMPLATE = 'observations/templates/observations/home.html';

describe.runIf(ready)('zero-downtime web on the real app: stop-first vs start-first (compose v2)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let port = 0;
  const project = uniqueProject('gdzdtreal');
  let env: Record<string, string> = {};
  const results: Record<string, PollResult> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-zdt');
    const hostPath = join(tmp, 'host', 'nids');
    port = await freePort();
    const config = await realappConfig(project, {
      e2e: {
        strategy: 'compose',
        host: 'root@127.0.0.1',
        port: sshd.port,
        path: hostPath,
        shared: ['docker/.env'],
        health: { services: true, timeout: '300s', url: `http://127.0.0.1:${port}/health` },
      },
    });
    repo = await createAppRepo(REALAPP_FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config, RELEASE: 'v1\n' });
    await mkdir(join(hostPath, 'shared', 'docker'), { recursive: true });
    await writeFile(join(hostPath, 'shared', 'docker', '.env'), realappEnvFile(port));
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const first = await runCli(['deploy', '--repo', repo.dir, '--target', 'e2e', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
  }, STEP);

  afterAll(async () => {
    if (results['stop-first'] && results['start-first']) {
      const line = (r: PollResult) => `failed=${r.failed}/${r.total}`;
      console.log(`zero-downtime: stop-first ${line(results['stop-first'])} start-first ${line(results['start-first'])}`);
    }
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  }, STEP);

  /** A template deploy under the poller (`config`: another config file, outside the repo: a change inside it is in web's build context). */
  async function templateDeployUnderLoad(label: string, config?: string) {
    const before = await containerIds(project);
    const template = readFileSync(join(repo.dir, TEMPLATE), 'utf8').replace(/<h1>[^<]*<\/h1>/, `<h1>Observations Nids (${label})</h1>`);
    await repo.commit(label, { [TEMPLATE]: template });
    const poller = startPoller(port);
    const started = Date.now();
    const r = await runCli(['deploy', '--repo', repo.dir, '--target', 'e2e', '--json', ...(config ? ['--config', config] : [])], env);
    const polled = await poller.stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `realapp template deploy (${label}): ${r.ms} ms; poller ${polled.total} requests in ${seconds.toFixed(1)} s, ${polled.failed} failed`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.build).toEqual(['web']);
    const after = await containerIds(project);
    expect(after.web).not.toBe(before.web);
    for (const s of ['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'redis']) expect(after[s], s).toBe(before[s]);
    expect((await http(port, '/')).body).toContain(`<h1>Observations Nids (${label})</h1>`);
    expect(polled.total / seconds).toBeGreaterThanOrEqual(10);
    results[label] = polled;
    return { r, polled, before };
  }

  it(
    'stop-first (default): the template deploy replaces web; failed requests counted',
    async () => {
      const { r } = await templateDeployUnderLoad('stop-first');
      expect(r.json.plan.startFirst).toBeUndefined();
    },
    STEP,
  );

  it(
    'start-first: the template deploy replaces web with no failed request; the old container is gone',
    async () => {
      const config = parse(readFileSync(join(repo.dir, '.github', 'deploy.yml'), 'utf8')) as { compose: Record<string, unknown> };
      config.compose.services = { web: { rollout: 'start-first' } };
      const file = join(tmp, 'start-first.yml');
      await writeFile(file, stringify(config));
      const { r, polled, before } = await templateDeployUnderLoad('start-first', file);
      expect(r.json.plan.startFirst).toEqual(['web']);
      expect((await docker(['inspect', before.web!], true)).code).not.toBe(0);
      expect(polled.failed).toBe(0);
    },
    STEP,
  );
});
