/**
 * `strategy: swarm` on a real 1-node swarm, what a release's files on the manager become: a task
 * whose service bind-mounts the release (`./data:/data`) and rewrites a committed file in place must
 * change the new release only, never the live (previous) release's copy; a `rollback` to a release
 * whose `configs:` file differs from the live one's under the same config name (swarm configs are
 * immutable) is refused rather than reported done with the live content; a changed bind-mounted file
 * reaches the service (its mount moved to the new release by a stack deploy). Each case deploys its own
 * stack from its own repository (the swarm and the registry are shared): one failing leaves the
 * others as they were.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { danglingProjectImages, dockerAvailable, FIXTURE_BASE_IMAGE, uniqueProject } from './harness/docker.js';
import { netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { registryAvailable, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { removeStackImages, startOneNodeSwarm, stopSwarmFixture } from './harness/swarm.js';

const ready = gate('root, netns, dockerd, socat, docker-registry', netnsAvailable() && (await dockerAvailable()) && registryAvailable());
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 300_000;
const DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY www /www\nCMD ["sleep", "100000"]\n`;

/** A stack of one built `web` whose service section ends with `service` and whose file ends with `top` (its configs/secrets). */
const webWithObjects = (service: string, top: string): string => `version: "3.8"
services:
  web:
    build: ./web
    networks: [hostnet]
    stop_grace_period: 1s
    deploy: {replicas: 1}
${service}networks:
  hostnet: {external: true, name: host}
${top}`;

/** One case's own stack, repository and config (tasks: the lines of a `tasks:` section). */
interface Stack {
  name: string;
  repo: AppRepo;
  cli: (...args: string[]) => Promise<CliRun>;
  releaseDir: (sha: string) => string;
}

describe.runIf(ready)('strategy: swarm, the files of a release on the manager', () => {
  let net: NetnsNetwork | undefined;
  let reg: RegistryHandle | undefined;
  let forwarders: { stop(): void } | undefined;
  let tmp = '';
  let manager: NetnsHost;
  let port = 0;
  const stacks: string[] = [];

  beforeAll(async () => {
    ({ net, manager, reg, port, forwarders, tmp } = await startOneNodeSwarm('gitops-e2e-swarm-files', PASSWORD));
  }, LONG);

  afterAll(async () => {
    // each case's stack but the last: its images (the fixture removes the last one's with the swarm)
    for (const stack of stacks.slice(0, -1)) await removeStackImages(stack);
    await stopSwarmFixture({ net, forwarders, reg, stack: stacks.at(-1), tmp });
  });

  async function newStack(prefix: string, files: Record<string, string>, tasks: string[] = [], extra: string[] = []): Promise<Stack> {
    const name = uniqueProject(prefix);
    stacks.push(name);
    const empty = join(tmp, `${name}-empty`);
    await mkdir(empty);
    const repo = await createAppRepo(empty, join(tmp, `${name}-repo`), files);
    const config = join(tmp, `${name}.yml`);
    const path = join(manager.dir, name);
    const lines = [
      'version: 1',
      `compose: {project: ${name}, command: docker compose}`,
      ...tasks,
      'targets:',
      '  swarm:',
      '    strategy: swarm',
      `    host: ${manager.target}`,
      `    path: ${path}`,
      `    stack: ${name}`,
      `    build: {on: runner, registry: "127.0.0.1:${port}", username: ci}`,
      '    health: {timeout: 60s}',
      ...extra,
      '',
    ];
    await writeFile(config, lines.join('\n'));
    const cli = (...args: string[]) =>
      runCli([...args, '--repo', repo.dir, '--config', config, '--target', 'swarm', '--json'], {
        GITOPS_SSH_KEY: manager.clientKey,
        GITOPS_KNOWN_HOSTS: net!.hosts.map((h) => h.knownHosts).join(''),
        GITOPS_REGISTRY_PASSWORD: PASSWORD,
      });
    return { name, repo, cli, releaseDir: (sha) => join(path, 'releases', sha) };
  }

  /** The output of `cat <file>` in the running container of `<stack>_web` (waits for the one of the newest spec). */
  const inWeb = async (stack: string, file: string): Promise<string> => {
    const ids = (await manager.docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack}_web`])).stdout.trim();
    return (await manager.docker(['exec', ids.split('\n')[0]!, 'cat', file])).stdout.trim();
  };

  /** inWeb once it reads `want`, or after `ms` (a swarm update rolls its task): what it reads then. */
  const inWebOnce = async (stack: string, file: string, want: string, ms = 30_000): Promise<string> => {
    const deadline = Date.now() + ms;
    while ((await inWeb(stack, file).catch(() => '')) !== want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    return inWeb(stack, file);
  };

  it(
    'a task rewriting a committed file through its service’s bind mount of the release: the live release’s copy is unchanged, the new release has the output',
    async () => {
      const compose = `version: "3.8"
services:
  web:
    build: ./web
    networks: [hostnet]
    stop_grace_period: 1s
    volumes: ["./data:/data"]
    deploy: {replicas: 1}
networks:
  hostnet: {external: true, name: host}
`;
      const tasks = [
        'tasks:',
        '  stamp:',
        '    service: web',
        '    command: echo rewritten > /data/stamp.txt',
        '    paths: ["web/**"]',
        '    first_deploy: false',
      ];
      const s = await newStack(
        'gdsf',
        { 'docker-compose.yml': compose, 'web/Dockerfile': DOCKERFILE, 'web/www/index.html': 'v1\n', 'data/stamp.txt': 'original\n' },
        tasks,
      );
      const a = s.repo.head();
      const first = await s.cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      expect(await readFile(join(s.releaseDir(a), 'data/stamp.txt'), 'utf8')).toBe('original\n');
      // the task runs before web is updated, with web's mounts: web runs release a
      const b = await s.repo.commit('template', { 'web/www/index.html': 'v2\n' });
      const second = await s.cli('deploy');
      expect(second.code, second.stderr).toBe(0);
      expect(second.json.plan).toMatchObject({ build: ['web'], tasks: ['stamp'] });
      // before: "rewritten" (the job mounted release a's data/ itself, the live release)
      expect(await readFile(join(s.releaseDir(a), 'data/stamp.txt'), 'utf8')).toBe('original\n');
      expect(await readFile(join(s.releaseDir(b), 'data/stamp.txt'), 'utf8')).toBe('rewritten\n');
      // web's mount moved to the new release with it (a stack deploy): it sees the task's output
      expect(second.stderr).toContain('docker stack deploy');
      expect(await inWebOnce(s.name, '/data/stamp.txt', 'rewritten')).toBe('rewritten');
    },
    LONG,
  );

  it(
    'a bind-mounted file of the release changed (a restart in the plan): web runs with the new file, not the one of the release it was stack-deployed from',
    async () => {
      const compose = `version: "3.8"
services:
  web:
    build: ./web
    networks: [hostnet]
    stop_grace_period: 1s
    volumes: ["./conf/page.txt:/page.txt:ro"]
    deploy: {replicas: 1}
networks:
  hostnet: {external: true, name: host}
`;
      const files = { 'docker-compose.yml': compose, 'web/Dockerfile': DOCKERFILE, 'web/www/index.html': 'v1\n', 'conf/page.txt': 'c1\n' };
      const s = await newStack('gdsb', files);
      const first = await s.cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      expect(await inWeb(s.name, '/page.txt')).toBe('c1');
      await s.repo.commit('page', { 'conf/page.txt': 'c2\n' });
      const second = await s.cli('deploy');
      expect(second.code, second.stderr).toBe(0);
      expect(second.json.plan).toMatchObject({ restart: ['web'] });
      // before: c1 (`docker service update --force` kept the mount of the first release's conf/page.txt)
      expect(await inWebOnce(s.name, '/page.txt', 'c2')).toBe('c2');
    },
    LONG,
  );

  it(
    'keep_releases: 1 — the release a service still bind-mounts (stack-deployed from it, untouched by the image updates of another service since) is not pruned',
    async () => {
      const compose = `version: "3.8"
services:
  web:
    build: ./web
    networks: [hostnet]
    stop_grace_period: 1s
    volumes: ["./conf:/conf:ro"]
    deploy: {replicas: 1}
  worker:
    build: ./worker
    networks: [hostnet]
    stop_grace_period: 1s
    deploy: {replicas: 1}
networks:
  hostnet: {external: true, name: host}
`;
      const files = {
        'docker-compose.yml': compose,
        'web/Dockerfile': DOCKERFILE,
        'web/www/index.html': 'v1\n',
        'worker/Dockerfile': DOCKERFILE,
        'worker/www/index.html': 'w1\n',
        'conf/x.txt': 'x1\n',
      };
      const s = await newStack('gdsk', files, [], ['    keep_releases: 1']);
      const a = s.repo.head();
      expect((await s.cli('deploy')).code).toBe(0);
      // two image updates of worker: the live release and its predecessor are kept, a is left out of the retained set
      for (const v of ['w2', 'w3']) {
        await s.repo.commit(v, { 'worker/www/index.html': `${v}\n` });
        const r = await s.cli('deploy');
        expect(r.code, r.stderr).toBe(0);
        expect(r.json.plan).toMatchObject({ build: ['worker'], restart: [] });
      }
      // the runner (this engine) keeps its latest build of each image, not the ones it superseded (before: 2, worker's)
      expect(await danglingProjectImages(s.name)).toEqual([]);
      const mounts = (
        await manager.docker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}', `${s.name}_web`])
      ).stdout;
      expect(mounts).toContain(join(s.releaseDir(a), 'conf'));
      // before: gone (pruned), web's /conf empty
      expect(await readFile(join(s.releaseDir(a), 'conf/x.txt'), 'utf8')).toBe('x1\n');
      expect(await inWeb(s.name, '/conf/x.txt')).toBe('x1');
    },
    LONG,
  );

  it(
    'a rollback to a release whose config file differs under the same config name: refused (exit 2) naming it, nothing changed, the live content kept',
    async () => {
      const withConfig = (key: string) =>
        webWithObjects(`    configs: [{source: ${key}, target: /page.txt}]\n`, `configs:\n  ${key}: {file: ./page.txt}\n`);
      const s = await newStack('gdsc', {
        'docker-compose.yml': withConfig('page'),
        'web/Dockerfile': DOCKERFILE,
        'web/www/index.html': 'v1\n',
        'page.txt': 'p1\n',
      });
      const a = s.repo.head();
      expect((await s.cli('deploy')).code).toBe(0);
      expect(await inWeb(s.name, '/page.txt')).toBe('p1');
      // p2 under a new key (as the deploy's refusal says); the old config, unused now, removed by hand
      await s.repo.commit('page v2', { 'docker-compose.yml': withConfig('page_v2'), 'page.txt': 'p2\n' });
      const b = await s.cli('deploy');
      expect(b.code, b.stderr).toBe(0);
      await manager.docker(['config', 'rm', `${s.name}_page`]);
      // back to the first key with a third content: the stack deploy creates it again, with p3
      await s.repo.commit('page v3', { 'docker-compose.yml': withConfig('page'), 'page.txt': 'p3\n' });
      const c = await s.cli('deploy');
      expect(c.code, c.stderr).toBe(0);
      expect(await inWebOnce(s.name, '/page.txt', 'p3', 60_000)).toBe('p3');
      const version = (await manager.docker(['service', 'inspect', '--format', '{{.Version.Index}}', `${s.name}_web`])).stdout;
      // a and the live release define web alike: a restart of web, which keeps p3 under `page`
      const back = await s.cli('rollback', '--to', a);
      // before: exit 0, "rolled back", web still serving p3
      expect(back.code, back.stderr).toBe(2);
      expect(back.stderr).toContain(`rollback to ${a.slice(0, 12)}`);
      expect(back.stderr).toContain('(web: page.txt)');
      expect(back.stderr).toContain('Nothing was changed');
      expect((await manager.docker(['service', 'inspect', '--format', '{{.Version.Index}}', `${s.name}_web`])).stdout).toBe(version);
      expect(await inWeb(s.name, '/page.txt')).toBe('p3');
    },
    LONG,
  );

  it(
    'versioned config/secret names (`name:`): the deploy and the rollback re-point web by content, and a name removed since is created again',
    async () => {
      const compose = (v: string, stack: string) =>
        webWithObjects(
          '    configs: [{source: page, target: /page.txt}]\n    secrets: [{source: key, target: key}]\n',
          `configs:\n  page: {name: ${stack}-page-${v}, file: ./page.txt}\nsecrets:\n  key: {name: ${stack}-key-${v}, file: ./key.txt}\n`,
        );
      const s = await newStack('gdsv', {
        'web/Dockerfile': DOCKERFILE,
        'web/www/index.html': 'v1\n',
        'page.txt': 'p1\n',
        'key.txt': 'k1\n',
      });
      await s.repo.commit('names', { 'docker-compose.yml': compose('1', s.name) });
      const a = s.repo.head();
      const first = await s.cli('deploy');
      expect(first.code, first.stderr).toBe(0);
      expect(await inWeb(s.name, '/page.txt')).toBe('p1');
      // a new content under a new name, web's definition unchanged
      await s.repo.commit('page 2', { 'docker-compose.yml': compose('2', s.name), 'page.txt': 'p2\n', 'key.txt': 'k2\n' });
      const b = s.repo.head();
      const second = await s.cli('deploy');
      // before: refused (exit 2, "swarm configs and secrets are immutable"), though swarm held no `-page-2`
      expect(second.code, second.stderr).toBe(0);
      expect(await inWebOnce(s.name, '/page.txt', 'p2')).toBe('p2');
      expect(await inWeb(s.name, '/run/secrets/key')).toBe('k2');
      // `-page-1` still holds p1: the rollback re-points web to it
      const back = await s.cli('rollback', '--to', a);
      // before: refused (exit 2, "a `configs`/`secrets` file differs from the live release's")
      expect(back.code, back.stderr).toBe(0);
      expect(await inWebOnce(s.name, '/page.txt', 'p1')).toBe('p1');
      expect(await inWeb(s.name, '/run/secrets/key')).toBe('k1');
      // `-page-2` and `-key-2`, unused now, removed by hand: the rollback to b creates them again from b's files
      await manager.docker(['config', 'rm', `${s.name}-page-2`]);
      await manager.docker(['secret', 'rm', `${s.name}-key-2`]);
      const again = await s.cli('rollback', '--to', b);
      expect(again.code, again.stderr).toBe(0);
      expect(await inWebOnce(s.name, '/page.txt', 'p2')).toBe('p2');
      expect(await inWeb(s.name, '/run/secrets/key')).toBe('k2');
    },
    LONG,
  );
});
