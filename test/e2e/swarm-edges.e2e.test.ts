/**
 * `strategy: swarm` on a real 1-node swarm: a stack with a service scaled to `deploy.replicas: 0`
 * (kept defined, run on demand). Swarm schedules no task for it, so the convergence watch must count
 * it converged, not wait for a task that never comes until the health timeout fails the deploy. A
 * changed `configs:` file under an unchanged config name (swarm configs are immutable) is refused. A
 * new service that cannot be placed (or that a failed stack deploy never created) fails the run; its
 * revert removes it and is a rollback. Each case deploys a stack of its own (its own repository,
 * config and web port; removed after it) on the shared swarm and registry: one failing leaves the
 * others' starting point as it was.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { dockerAvailable, FIXTURE_BASE_IMAGE, uniqueProject } from './harness/docker.js';
import { netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { registryAvailable, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { removeStackImages, startOneNodeSwarm, stopSwarmFixture } from './harness/swarm.js';

const ready = gate('root, netns, dockerd, socat, docker-registry', netnsAvailable() && (await dockerAvailable()) && registryAvailable());
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 240_000;

/** The base stack; web answers on `port` (each case's stack has its own: they all use the host network). */
const composeOn = (port: number): string => `version: "3.8"
services:
  web:
    build: ./web
    networks: [hostnet]
    command: ["httpd", "-f", "-p", "${port}", "-h", "/www"]
    stop_grace_period: 1s
    deploy: {replicas: 1}
  spare:
    build: ./web
    networks: [hostnet]
    command: ["sleep", "100000"]
    stop_grace_period: 1s
    deploy: {replicas: 0}
networks:
  hostnet: {external: true, name: host}
`;
const WEB_DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY www /www\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n`;

describe.runIf(ready)('strategy: swarm on a real 1-node swarm: replicas 0, a changed config, an unplaceable new service', () => {
  let net: NetnsNetwork | undefined;
  let reg: RegistryHandle | undefined;
  let forwarders: { stop(): void } | undefined;
  let tmp = '';
  let manager: NetnsHost;
  let port = 0;
  /** every case's stack (their images are removed at the end), and the ones still on the swarm */
  const stacks: string[] = [];
  const running: string[] = [];
  let nextWebPort = 8081;
  // the case's own stack, repository, config and web port (newStack)
  let repo: AppRepo;
  let stack = '';
  let config = '';
  let webPort = 0;

  const cli = async (...args: string[]): Promise<CliRun> =>
    runCli([...args, '--repo', repo.dir, '--config', config, '--target', 'swarm', '--json'], {
      GITOPS_SSH_KEY: manager.clientKey,
      GITOPS_KNOWN_HOSTS: net!.hosts.map((h) => h.knownHosts).join(''),
      GITOPS_REGISTRY_PASSWORD: PASSWORD,
    });
  const image = async (service: string) =>
    (await manager.docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', `${stack}_${service}`])).stdout
      .trim()
      .replace(/@sha256:.*/, '');
  const ref = (service: string, sha: string) =>
    `${reg!.addr.replace(/^[^:]+/, '127.0.0.1')}/${stack}/${service}:release-${sha.slice(0, 12)}`;

  beforeAll(async () => {
    ({ net, manager, reg, port, forwarders, tmp } = await startOneNodeSwarm('gitops-e2e-swarm-edges', PASSWORD));
  }, LONG);

  afterEach(async () => {
    for (const s of running.splice(0)) await manager.docker(['stack', 'rm', s], true);
  });

  afterAll(async () => {
    for (const s of stacks.slice(0, -1)) await removeStackImages(s);
    await stopSwarmFixture({ net, forwarders, reg, stack: stacks.at(-1), tmp });
  });

  /** A case's own stack (not deployed yet): a repository with the base compose, a config, a web port. */
  async function newStack(): Promise<void> {
    stack = uniqueProject('gdsr');
    stacks.push(stack);
    running.push(stack);
    webPort = nextWebPort++;
    const empty = join(tmp, `${stack}-empty`);
    await mkdir(empty);
    repo = await createAppRepo(empty, join(tmp, `${stack}-repo`), {
      'docker-compose.yml': composeOn(webPort),
      'web/Dockerfile': WEB_DOCKERFILE,
      'web/www/index.html': 'v1\n',
    });
    config = join(tmp, `${stack}.yml`);
    const lines = [
      'version: 1',
      `compose: {project: ${stack}, command: docker compose}`,
      'targets:',
      '  swarm:',
      '    strategy: swarm',
      `    host: ${manager.target}`,
      `    path: ${join(manager.dir, stack)}`,
      `    stack: ${stack}`,
      `    build: {on: runner, registry: "127.0.0.1:${port}", username: ci}`,
      '    health: {timeout: 30s}',
      '',
    ];
    await writeFile(config, lines.join('\n'));
  }

  /**
   * The case's health settings from now on (its first deploy ran with the 30 s default): a case whose
   * deploy can only end at the timeout pays this one, not 30 s, and its revert too.
   */
  async function healthFromNow(health: string): Promise<void> {
    const conf = await readFile(config, 'utf8');
    expect(conf).toContain('health: {timeout: 30s}');
    await writeFile(config, conf.replace('health: {timeout: 30s}', `health: {${health}}`));
  }

  /** The run was undone: a rollback, web running again on the image it had (`live`). */
  async function expectWebBack(r: CliRun, live: string): Promise<void> {
    expect(r.json.result, r.stderr).toBe('rolled-back');
    const services = (await manager.docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).stdout;
    expect(services).toContain(`${stack}_web 1/1`);
    expect(await image('web')).toBe(live);
  }

  /** newStack, deployed once (its first release live). */
  async function deployedStack(): Promise<string> {
    await newStack();
    const first = await cli('deploy');
    expect(first.code, first.stderr).toBe(0);
    return repo.head();
  }

  it(
    'the first deploy (stack deploy) and an image update of both services converge: the scaled-to-zero service counts as done',
    async () => {
      await newStack();
      const first = await cli('deploy');
      // before: "swarm did not converge within 30 s: <stack>_spare: no task scheduled yet"
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).not.toContain('did not converge');
      const a = repo.head();
      expect(await image('spare')).toBe(ref('spare', a));
      const b = await repo.commit('template', { 'web/www/index.html': 'v2\n' });
      const second = await cli('deploy');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain(`--image ${ref('spare', b)} ${stack}_spare`);
      expect(await image('spare')).toBe(ref('spare', b));
      expect(await image('web')).toBe(ref('web', b));
      expect(second.json).toMatchObject({ result: 'success', release: b });
      // status lists the stack's services: tasks running of desired, the image and the live release's tag
      const st = await cli('status');
      expect(st.code, st.stderr).toBe(0);
      // before: no `swarm` key, no service listed
      expect(st.json.status.swarm).toEqual([
        { name: `${stack}_spare`, mode: 'replicated', running: 0, desired: 0, image: ref('spare', b), release: ref('spare', b) },
        { name: `${stack}_web`, mode: 'replicated', running: 1, desired: 1, image: ref('web', b), release: ref('web', b) },
      ]);
      expect(st.stdout + st.stderr).toContain(`| ${stack}_web | replicated | 1/1 | ${ref('web', b)} | yes |`);
    },
    LONG,
  );

  it(
    'web left paused by an update (failure_action pause): a deploy that does not change web is refused (exit 2) naming it; `rollback` updates web and converges',
    async () => {
      // web live on a second release (v2), the first one (v1) to roll back to
      const a = await deployedStack();
      await repo.commit('template', { 'web/www/index.html': 'v2\n' });
      expect((await cli('deploy')).code).toBe(0);
      const web = `${stack}_web`;
      // an operator's update whose healthcheck fails on the live image (v2): swarm pauses it
      await manager.docker([
        'service',
        'update',
        '--detach',
        '--update-failure-action',
        'pause',
        '--update-monitor',
        '3s',
        '--health-cmd',
        'grep -q v1 /www/index.html',
        '--health-interval',
        '1s',
        '--health-retries',
        '1',
        '--health-start-period',
        '0s',
        web,
      ]);
      const state = async () => (await manager.docker(['service', 'inspect', '--format', '{{.UpdateStatus.State}}', web])).stdout.trim();
      const deadline = Date.now() + 90_000;
      while ((await state()) !== 'paused' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
      expect(await state()).toBe('paused');
      const st = await cli('status');
      expect(st.json.status.swarm.find((r: { name: string }) => r.name === web)).toMatchObject({ paused: 'paused', desired: 1 });
      expect(st.stdout + st.stderr).toMatch(new RegExp(`WARNING: ${web}: .*swarm update paused`));
      const live = await image('web');
      await repo.commit('readme', { 'README.md': 'docs only\n' });
      const r = await cli('deploy');
      // before: exit 0, result success, web still paused
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`a swarm update was left paused: ${web}: swarm update paused`);
      expect(r.stderr).toContain(`docker service rollback ${web}`);
      expect(await state()).toBe('paused');
      expect(await image('web')).toBe(live);
      // the rollback gives web the first release's image: swarm starts a new update, which converges (v1 passes the healthcheck)
      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect(back.json).toMatchObject({ result: 'success', release: a });
      expect(await image('web')).toBe(ref('web', a));
      expect(await state()).toBe('completed');
      const services = (await manager.docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).stdout;
      expect(services).toContain(`${web} 1/1`);
    },
    LONG,
  );

  it(
    'a changed `configs:` file under the same config name: refused (exit 2) before anything changes, the old content served; a new config key deploys it',
    async () => {
      await deployedStack();
      const withConfig = (key: string) =>
        composeOn(webPort).replace(
          '    deploy: {replicas: 1}\n',
          `    deploy: {replicas: 1}\n    configs: [{source: ${key}, target: /www/page.txt}]\n`,
        ) + `configs:\n  ${key}: {file: ./page.txt}\n`;
      const page = async () =>
        (await fetch(`http://${manager.ip}:${webPort}/page.txt`, { signal: AbortSignal.timeout(2000) }).then((x) => x.text())).trim();
      const inspect = ['service', 'inspect', '--format', '{{.Version.Index}}', `${stack}_web`];
      // web's image changes too (a new page), and its definition gains the config
      await repo.commit('config', { 'docker-compose.yml': withConfig('page'), 'page.txt': 'p1\n', 'web/www/index.html': 'v2b\n' });
      const r1 = await cli('deploy');
      // before: `docker service update --image` of web only: the config never attached (page.txt 404), yet success
      expect(r1.code, r1.stderr).toBe(0);
      expect(r1.stderr).toContain(`docker stack deploy`);
      expect(await page()).toBe('p1');
      const version = (await manager.docker(inspect)).stdout;
      await repo.commit('page', { 'page.txt': 'p2\n' });
      const r2 = await cli('deploy');
      // before: exit 0 after `docker service update --force` of web, which kept serving p1
      expect(r2.code, r2.stderr).toBe(2);
      expect(r2.stderr).toContain('swarm configs and secrets are immutable');
      expect(r2.stderr).toContain('web: page.txt');
      expect(r2.stderr).not.toContain('docker service update');
      expect((await manager.docker(inspect)).stdout).toBe(version);
      expect(await page()).toBe('p1');
      // the same config file change with a new web image: `docker service update --image` keeps the old content too
      await repo.commit('page and template', { 'web/www/index.html': 'v3\n' });
      const mixed = await cli('deploy');
      // before: exit 0 after `docker service update --image` of web, which kept serving p1
      expect(mixed.code, mixed.stderr).toBe(2);
      expect(mixed.stderr).toContain('swarm configs and secrets are immutable');
      expect(mixed.stderr).toContain('web: page.txt');
      expect((await manager.docker(inspect)).stdout).toBe(version);
      expect(await page()).toBe('p1');
      // as the message says: a new key, referenced by web (its definition changes: a stack deploy creates the config)
      const sha = await repo.commit('page v2', { 'docker-compose.yml': withConfig('page_v2') });
      const r3 = await cli('deploy');
      expect(r3.code, r3.stderr).toBe(0);
      expect(r3.json).toMatchObject({ result: 'success', release: sha });
      const deadline = Date.now() + 30_000;
      while ((await page().catch(() => '')) !== 'p2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      expect(await page()).toBe('p2');
    },
    LONG,
  );

  it(
    'a new service whose placement no node satisfies: the run times out naming it, the revert (stack deploy of the previous release) removes it and counts as a rollback',
    async () => {
      await deployedStack();
      const cur = await readFile(join(repo.dir, 'docker-compose.yml'), 'utf8');
      const stuck = cur.replace(
        'networks:\n  hostnet:',
        '  stuck:\n    build: ./web\n    networks: [hostnet]\n    command: ["sleep", "100000"]\n' +
          '    deploy: {replicas: 1, placement: {constraints: [node.labels.nope == yes]}}\nnetworks:\n  hostnet:',
      );
      expect(stuck).not.toBe(cur);
      const live = await image('web');
      await repo.commit('stuck', { 'docker-compose.yml': stuck });
      await healthFromNow('timeout: 10s');
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`swarm did not converge within 10 s: ${stack}_stuck`);
      // before: only "0/1 tasks running <image>", not why
      expect(r.stderr).toMatch(/0\/1 tasks running \S+ \(no suitable node \(scheduling constraints not satisfied/);
      // before: "automatic rollback failed: … no such service: <stack>_stuck" and result "failure", though the revert had worked
      expect(r.stderr).not.toContain('automatic rollback failed');
      expect(r.json.result).toBe('rolled-back');
      expect(r.stderr).toContain(`${stack}_stuck (new in the failed release) removed`);
      const services = (await manager.docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).stdout;
      expect(services).not.toContain(`${stack}_stuck`);
      expect(services).toContain(`${stack}_web 1/1`);
      expect(await image('web')).toBe(live);
    },
    LONG,
  );

  it(
    'a new service on an external network that does not exist: `docker stack deploy` fails before creating it; the revert does not trip over it',
    async () => {
      await deployedStack();
      const cur = await readFile(join(repo.dir, 'docker-compose.yml'), 'utf8');
      const lost = cur.replace(
        'networks:\n  hostnet:',
        '  lost:\n    build: ./web\n    networks: [nonet]\n    command: ["sleep", "100000"]\n    deploy: {replicas: 1}\n' +
          'networks:\n  nonet: {external: true, name: gd-no-such-net}\n  hostnet:',
      );
      expect(lost).not.toBe(cur);
      const live = await image('web');
      await repo.commit('lost', { 'docker-compose.yml': lost });
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('gd-no-such-net');
      // before: "automatic rollback failed: … no such service: <stack>_lost" (result failure)
      expect(r.stderr).not.toContain('automatic rollback failed');
      expect(r.json.result).toBe('rolled-back');
      const services = (await manager.docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).stdout;
      expect(services).not.toContain(`${stack}_lost`);
      expect(services).toContain(`${stack}_web 1/1`);
      expect(await image('web')).toBe(live);
    },
    LONG,
  );

  it(
    'a new global service whose placement no node satisfies: the run fails fast (not at the health timeout) saying so, and the revert removes it',
    async () => {
      await deployedStack();
      const cur = await readFile(join(repo.dir, 'docker-compose.yml'), 'utf8');
      const global = cur.replace(
        'networks:\n  hostnet:',
        '  everywhere:\n    build: ./web\n    networks: [hostnet]\n    command: ["sleep", "100000"]\n' +
          '    deploy: {mode: global, placement: {constraints: [node.labels.nope == yes]}}\nnetworks:\n  hostnet:',
      );
      expect(global).not.toBe(cur);
      const live = await image('web');
      await repo.commit('global', { 'docker-compose.yml': global });
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      // before: "swarm did not converge within 30 s: <stack>_everywhere: no task scheduled yet"
      expect(r.stderr).not.toContain('within 30 s');
      expect(r.stderr).toContain(`${stack}_everywhere: a global service with no task: no node satisfies its placement`);
      const verify = (r.json.phases as { name: string; ms: number }[]).find((p) => p.name === 'Verify');
      expect(verify!.ms).toBeLessThan(25_000);
      expect(r.json.result).toBe('rolled-back');
      const services = (await manager.docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).stdout;
      expect(services).not.toContain(`${stack}_everywhere`);
      expect(services).toContain(`${stack}_web 1/1`);
      expect(await image('web')).toBe(live);
    },
    LONG,
  );

  it(
    'the only node drained under an update: the run fails at the timeout saying why the new task is pending (no suitable node), not only "updating"',
    async () => {
      await deployedStack();
      const node = (await manager.docker(['info', '--format', '{{.Swarm.NodeID}}'])).stdout.trim();
      await repo.commit('template v4', { 'web/www/index.html': 'v4\n' });
      await healthFromNow('timeout: 10s');
      await manager.docker(['node', 'update', '--availability', 'drain', node]);
      try {
        const r = await cli('deploy');
        expect(r.code).not.toBe(0);
        // before: "swarm did not converge within 10 s: <stack>_web: updating"
        expect(r.stderr).toMatch(
          new RegExp(`within 10 s: ${stack}_web: updating \\(no suitable node \\(1 node not available for new tasks`),
        );
      } finally {
        await manager.docker(['node', 'update', '--availability', 'active', node]);
      }
      const deadline = Date.now() + 60_000;
      const replicas = async () => (await manager.docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).stdout;
      while (!(await replicas()).includes(`${stack}_web 1/1`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
      expect(await replicas()).toContain(`${stack}_web 1/1`);
    },
    LONG,
  );

  it(
    'a deploy that only removes a service (`--prune`) and then fails its health check: the revert brings the service back',
    async () => {
      await deployedStack();
      const live = await image('web');
      const cur = await readFile(join(repo.dir, 'docker-compose.yml'), 'utf8');
      const withoutWeb = cur.replace(/  web:\n(    .*\n)+/, '');
      expect(withoutWeb).not.toContain('web:');
      await repo.commit('web removed', { 'docker-compose.yml': withoutWeb });
      // a health.url nothing serves: the run fails after `docker stack deploy --prune` removed web
      await healthFromNow(`timeout: 10s, url: "http://127.0.0.1:${webPort + 500}/"`);
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      // before: "nothing went live: the services still run …" (result failure), web left removed
      await expectWebBack(r, live);
    },
    LONG,
  );

  it(
    "a deploy that removes web (`--prune`) with health.url on web: Verify waits until web's task has stopped, so the dying container cannot answer it; the run fails and is undone",
    async () => {
      await newStack();
      // web ignores SIGTERM: swarm stops its container only at the end of its 12 s grace
      const slow = composeOn(webPort)
        .replace(`["httpd", "-f", "-p", "${webPort}", "-h", "/www"]`, `["sh", "-c", "trap '' TERM; exec httpd -f -p ${webPort} -h /www"]`)
        .replace('stop_grace_period: 1s', 'stop_grace_period: 12s');
      expect(slow).toContain('12s');
      await repo.commit('slow web', { 'docker-compose.yml': slow });
      expect((await cli('deploy')).code).toBe(0);
      const live = await image('web');
      await repo.commit('web removed', { 'docker-compose.yml': slow.replace(/  web:\n(    .*\n)+/, '') });
      await healthFromNow(`timeout: 30s, url: "http://127.0.0.1:${webPort}/"`);
      const r = await cli('deploy');
      // before: exit 0, result success (the probe was answered by web's container while swarm was stopping it)
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toContain(`removed services stopped: ${stack}_web`);
      await expectWebBack(r, live);
    },
    LONG,
  );

  it(
    'a secret swarm holds under a name web no longer uses, its file changed since: refused (exit 2) before anything changes, from the content recorded when it was deployed',
    async () => {
      await newStack();
      const base = composeOn(webPort);
      const withSecret = base
        .replace(
          '    stop_grace_period: 1s\n    deploy: {replicas: 1}',
          '    stop_grace_period: 1s\n    deploy: {replicas: 1}\n    secrets: [tok]',
        )
        .replace('networks:\n  hostnet:', `secrets:\n  tok: {file: ./tok.txt, name: ${stack}-tok}\nnetworks:\n  hostnet:`);
      expect(withSecret).toContain('secrets: [tok]');
      await repo.commit('secret', { 'docker-compose.yml': withSecret, 'tok.txt': 'one\n' });
      expect((await cli('deploy')).code).toBe(0);
      // web stops using it: swarm keeps the secret (a stack deploy never removes one)
      await repo.commit('no secret', { 'docker-compose.yml': base });
      expect((await cli('deploy')).code).toBe(0);
      const live = repo.head();
      const liveImage = await image('web');
      await repo.commit('secret again, new content', { 'docker-compose.yml': withSecret, 'tok.txt': 'two\n' });
      const r = await cli('deploy');
      // before: exit 1, the stack deploy failed on the secret ("only updates to Labels are allowed") and the run was reverted
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`web: tok.txt`);
      expect(r.stderr).toContain(`secret ${stack}-tok`);
      expect(r.stderr).not.toContain('▶ Apply');
      expect(await image('web')).toBe(liveImage);
      const st = await cli('status');
      expect(st.json.status.current).toBe(live);
    },
    LONG,
  );
});
