/**
 * `strategy: swarm`, a `mode: global` service (and a replicated one beside it) on a real 2-node
 * swarm whose worker's link is cut while an image update of the services rolls out. Swarm cannot
 * start the new task on the unreachable node and the update waits on it: the deploy must fail as
 * soon as swarm marks the node down (not at its health timeout), naming the node, never hang, never
 * report a plain success, and the undo must put the service back on the previous image.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { dockerAvailable, FIXTURE_BASE_IMAGE, uniqueProject } from './harness/docker.js';
import { netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { registryAvailable, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { hostWebStack, startSwarm, stopSwarmFixture, swarmTargetConfig } from './harness/swarm.js';

const ready = gate('root, netns, dockerd, socat, docker-registry', netnsAvailable() && (await dockerAvailable()) && registryAvailable());
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 300_000;
const WEB_PORT = 8090;

/** web in `mode: global`, and api: 2 replicas that swarm moves off a node that is down */
const COMPOSE = hostWebStack(WEB_PORT, '{mode: global}').replace(
  'networks:\n',
  '  api:\n    build: ./web\n    command: ["sleep", "100000"]\n    stop_grace_period: 1s\n    deploy: {replicas: 2}\nnetworks:\n',
);
const WEB_DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY www /www\n`;

describe.runIf(ready)('strategy: swarm, a global service with a node cut off during its update', () => {
  let net: NetnsNetwork | undefined;
  let reg: RegistryHandle | undefined;
  let forwarders: { stop(): void } | undefined;
  let tmp = '';
  let manager: NetnsHost;
  let worker: NetnsHost;
  let repo: AppRepo;
  let config = '';
  const stack = uniqueProject('gdgl');

  const cli = async (...args: string[]): Promise<CliRun> =>
    runCli([...args, '--repo', repo.dir, '--config', config, '--target', 'swarm', '--json'], {
      GITOPS_SSH_KEY: manager.clientKey,
      GITOPS_KNOWN_HOSTS: manager.knownHosts,
      GITOPS_REGISTRY_PASSWORD: PASSWORD,
    });
  const image = async (service = 'web') =>
    (await manager.docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', `${stack}_${service}`])).stdout
      .trim()
      .replace(/@sha256:.*/, '');
  const ref = (sha: string, service = 'web') =>
    `${reg!.addr.replace(/^[^:]+/, '127.0.0.1')}/${stack}/${service}:release-${sha.slice(0, 12)}`;

  beforeAll(async () => {
    let port = 0;
    ({ net, manager, reg, port, forwarders, tmp } = await startSwarm(2, 'gitops-e2e-swarm-global', PASSWORD));
    worker = net.hosts[1]!;
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    repo = await createAppRepo(empty, join(tmp, 'repo'), {
      'docker-compose.yml': COMPOSE,
      'web/Dockerfile': WEB_DOCKERFILE,
      'web/www/index.html': 'v1\n',
    });
    config = join(tmp, 'deploy.yml');
    await writeFile(config, swarmTargetConfig({ stack, manager, path: join(manager.dir, stack), port, health: 'timeout: 45s' }));
  }, LONG);

  afterAll(async () => {
    await worker?.restoreLink().catch(() => undefined);
    await manager?.docker(['stack', 'rm', stack], true);
    await stopSwarmFixture({ net, forwarders, reg, stack, tmp });
  }, LONG);

  /** polls `probe` every second until it returns true or 90 s pass */
  const until = async (probe: () => Promise<boolean>): Promise<boolean> => {
    const deadline = Date.now() + 90_000;
    while (!(await probe()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    return probe();
  };
  /** `<image> <state>` of web's task on the worker that should run */
  const workerTask = async (id: string) =>
    (await manager.docker(['node', 'ps', '--filter', 'desired-state=running', '--format', '{{.Image}} {{.CurrentState}}', id])).stdout
      .split('\n')
      .filter((l) => l.includes(`/${stack}/web:`))
      .join('\n');

  it(
    'worker cut off as an update starts: fails once swarm marks it down (before the timeout) naming the node, rolled back; deployed while it is down: a success that warns for the global service only; back: it runs the new image',
    async () => {
      const first = await cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      const a = repo.head();
      const id = (await worker.docker(['info', '--format', '{{.Swarm.NodeID}}'])).stdout.trim();
      expect(id).toMatch(/^[a-z0-9]{25}$/);
      await repo.commit('v2', { 'web/www/index.html': 'v2\n' });
      await worker.cutLink();
      const cut = await cli('deploy');
      // before: "swarm did not converge within 45 s: …: updating; node …" (the watch waited out the timeout)
      expect(cut.code, cut.stderr).not.toBe(0);
      expect(cut.json.result, cut.stderr).toBe('rolled-back');
      expect(cut.stderr).not.toContain('did not converge within');
      // web's update, and api's alike when its task on the worker was created before the cut was noticed
      expect(cut.stderr).toMatch(new RegExp(`swarm did not converge: (${stack}_(api|web): updating; )+node ${id.slice(0, 12)} \\(`));
      expect(cut.stderr).toContain(`is down: swarm cannot update a task there until it comes back`);
      expect(cut.stderr).toContain(`docker node update --availability drain ${id.slice(0, 12)}`);
      expect(await image()).toBe(ref(a));
      expect(await image('api')).toBe(ref(a, 'api'));
      // the node is down now (swarm noticed): an update passes it by and converges on the others
      const c = await repo.commit('v3', { 'web/www/index.html': 'v3\n' });
      const down = await cli('deploy');
      expect(down.code, down.stderr).toBe(0);
      expect(down.json.result).toBe('success');
      // before: a plain success, no word of the node still on the old image
      expect(down.stderr).toMatch(
        new RegExp(`warning: node ${id.slice(0, 12)} \\(.*\\) is down: ${stack}_web \\(mode: global\\) is not updated there; swarm starts`),
      );
      // api's replicas run on the live node (swarm moved the one of the down node): no warning names it
      expect(down.stderr.split('\n').filter((l) => l.startsWith('warning:') && l.includes(`${stack}_api`))).toEqual([]);
      expect(await image()).toBe(ref(c));
      expect(await image('api')).toBe(ref(c, 'api'));
      const api = await manager.docker([
        'service',
        'ps',
        '--filter',
        'desired-state=running',
        '--format',
        '{{.Image}} {{.CurrentState}}',
        `${stack}_api`,
      ]);
      expect(
        api.stdout
          .trim()
          .split('\n')
          .map((l) =>
            l
              .replace(/@sha256:\S*/, '')
              .split(' ')
              .slice(0, 2)
              .join(' '),
          ),
      ).toEqual([`${ref(c, 'api')} Running`, `${ref(c, 'api')} Running`]);
      // back on the network, the worker runs the release deployed while it was down
      await worker.restoreLink();
      expect(await until(async () => (await workerTask(id)).startsWith(`${ref(c)} Running`))).toBe(true);
    },
    LONG,
  );
});
