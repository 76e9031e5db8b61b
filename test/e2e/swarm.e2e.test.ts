/**
 * `strategy: swarm` on a real 3-node swarm (issue #10): three netns hosts, each with its own dockerd
 * (1 manager, 2 workers), sshd on the manager, Debian's docker-registry on the bridge (every engine
 * reaches it as 127.0.0.1:<port> through a forwarder), images built once on the runner from the
 * busybox fixture base. In order, on one stack: the first deploy is a `stack deploy` with web's
 * replicas spread; a template change updates web only; a failing healthcheck makes swarm roll web
 * back and the run fail saying so; `rollback` puts the first release's tags back without a build;
 * a run killed after its update leaves web on an unrecorded tag, which the next deploy puts back;
 * a worker change plans the `marker` task, which runs once as a swarm job from the new worker image
 * (with worker's environment) before worker is updated; `logs` reads the stack's service logs; a
 * MariaDB service pinned to a worker is backed up through its task (`docker exec` over SSH to that
 * worker, staged there, streamed to the manager's backups dir); last, a
 * registry that is down fails the deploy before any service is touched.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { buildHostBinariesImage, hostMariadbBinaries, mariadbServiceYaml } from './harness/db-container.js';
import { runCli, spawnCli, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE, uniqueProject } from './harness/docker.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { registryAvailable, startRegistry, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { formSwarm, loopbackForwarders, stopSwarmFixture } from './harness/swarm.js';
import { makeTempDir } from './harness/tmp.js';

const ready = gate(
  'root, netns, dockerd, socat, docker-registry, MariaDB binaries',
  netnsAvailable() && (await dockerAvailable()) && registryAvailable() && (await hostMariadbBinaries()),
);
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 240_000;

const COMPOSE = `version: "3.8"
services:
  web:
    build: ./web
    networks: [hostnet]
    # a missing /www/ok fails at once; the timeout is room for a loaded host's exec (2 s flipped web to unhealthy in a loaded compose-matrix run)
    healthcheck: {test: ["CMD", "test", "-f", "/www/ok"], interval: 1s, timeout: 10s, retries: 2, start_period: 0s}
    stop_grace_period: 1s
    deploy:
      replicas: 2
      placement: {max_replicas_per_node: 1}
      update_config: {parallelism: 2, failure_action: rollback, monitor: 1s, order: stop-first}
      rollback_config: {parallelism: 2, order: stop-first}
  worker:
    build: ./worker
    networks: [hostnet]
    environment: {GREETING: hello-from-spec}
    stop_grace_period: 1s
    deploy: {replicas: 1}
networks:
  hostnet: {external: true, name: host}
`;
/** The stack with a MariaDB service (the host's binaries, see db-container.ts) placed on a worker. */
const COMPOSE_WITH_DB = COMPOSE.replace(
  'networks:\n  hostnet:',
  mariadbServiceYaml('db', 'dbdata')
    .replace(/ {4}image: .*\n/, '    build: ./db\n')
    .replace('    network_mode: none\n', '    networks: [hostnet]\n')
    .replace(/ {4}restart: .*\n/, '    deploy: {replicas: 1, placement: {constraints: [node.role == worker]}}\n') +
    'volumes:\n  dbdata: {}\nnetworks:\n  hostnet:',
);
const WEB_DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY www /www\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n`;
const WORKER_DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCMD ["sleep", "100000"]\n`;

describe.runIf(ready)('strategy: swarm on a real 3-node swarm', () => {
  let net: NetnsNetwork | undefined;
  let reg: RegistryHandle | undefined;
  let forwarders: { stop(): void } | undefined;
  let tmp = '';
  let repo: AppRepo;
  let manager: NetnsHost;
  let stack = '';
  let config = '';
  /** the config's lines (the db case appends the backup and the nodes) */
  let head: string[] = [];
  const shas = { A: '', B: '' };
  const started = Date.now();

  const cli = async (...args: string[]): Promise<CliRun> => {
    const r = await runCli([...args, '--repo', repo.dir, '--config', config, '--target', 'swarm', '--json'], {
      GITOPS_SSH_KEY: manager.clientKey,
      GITOPS_KNOWN_HOSTS: net!.hosts.map((h) => h.knownHosts).join(''),
      GITOPS_REGISTRY_PASSWORD: PASSWORD,
    });
    const phases = (r.json?.phases ?? []) as { name: string; ms: number }[];
    console.log(`${args[0]}: ${phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(1)}s`).join(', ')}`);
    return r;
  };
  const ref = (service: string, sha: string) =>
    `${reg!.addr.replace(/^[^:]+/, '127.0.0.1')}/${stack}/${service}:release-${sha.slice(0, 12)}`;
  const spec = async (service: string) => {
    const f = '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{.UpdatedAt}}';
    const [image, ...at] = (await manager.docker(['service', 'inspect', '--format', f, `${stack}_${service}`])).stdout.trim().split(' ');
    return { image: image!.replace(/@sha256:.*/, ''), updatedAt: at.join(' ') };
  };
  /** `<node id> <state>` of each task of a service that should run (the nodes share one hostname: told apart by id) */
  const nodesOf = async (service: string) => {
    const ids = (await manager.docker(['service', 'ps', '-q', '--filter', 'desired-state=running', `${stack}_${service}`])).stdout;
    const args = ['inspect', '--format', '{{.NodeID}} {{.Status.State}}', ...ids.trim().split('\n')];
    return (await manager.docker(args)).stdout.trim().split('\n');
  };
  /** what each node's port 8080 serves (empty where no web task runs) */
  const served = async () =>
    Promise.all(
      net!.hosts.map(async (h) => {
        const r = await fetch(`http://${h.ip}:8080/`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        return r?.ok ? (await r.text()).trim() : '';
      }),
    );

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    net = await createNetnsHosts(3, { dockerd: true });
    manager = net.hosts[0]!;
    await formSwarm(net.hosts);
    // the deploy key reaches the workers too (the backup of a service on a worker runs there)
    const key = await readFile(join(manager.dir, 'client_ed25519.pub'));
    for (const w of net.hosts.slice(1)) await writeFile(join(w.dir, 'authorized_keys'), key);
    await buildHostBinariesImage();
    tmp = await makeTempDir('gitops-e2e-swarm');
    await mkdir(join(tmp, 'registry'));
    const bridgeIp = manager.ip.replace(/\.\d+$/, '.254');
    reg = await startRegistry(join(tmp, 'registry'), 'ci', PASSWORD, bridgeIp);
    const port = Number(reg.addr.split(':')[1]);
    forwarders = await loopbackForwarders([undefined, ...net.hosts.map((h) => h.ns)], port, reg.addr);
    stack = uniqueProject('gdsw');
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    repo = await createAppRepo(empty, join(tmp, 'repo'), {
      'docker-compose.yml': COMPOSE,
      'web/Dockerfile': WEB_DOCKERFILE,
      'web/www/index.html': 'v1\n',
      'web/www/ok': 'ok\n',
      'worker/Dockerfile': WORKER_DOCKERFILE,
    });
    config = join(tmp, 'deploy.yml');
    const target = [
      'targets:',
      '  swarm:',
      '    strategy: swarm',
      `    host: ${manager.target}`,
      `    path: ${join(manager.dir, 'app')}`,
      `    stack: ${stack}`,
      `    build: {on: runner, registry: "127.0.0.1:${port}", username: ci}`,
      '    health: {timeout: 60s}',
    ];
    // the marker task prints worker's environment and a file only the new worker image has
    const tasks = [
      'tasks:',
      '  marker:',
      '    service: worker',
      '    command: echo "task-marker $GREETING $(cat /task.txt)"',
      '    paths: ["worker/task.txt"]',
      '    first_deploy: false',
    ];
    head = [`version: 1`, `compose: {project: ${stack}, command: docker compose}`, ...tasks, ...target];
    await writeFile(config, [...head, ''].join('\n'));
  }, LONG);

  afterAll(async () => {
    await stopSwarmFixture({ net, forwarders, reg, stack, tmp });
    console.log(`swarm e2e: ${Math.round((Date.now() - started) / 1000)} s`);
  });

  it(
    'first deploy: one `docker stack deploy`, web runs 2 replicas on 2 different nodes, worker 1, on the pushed tags',
    async () => {
      shas.A = repo.head();
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(`docker stack deploy -c docker-compose.yml -c .gitops-deploy-images.yml --with-registry-auth ${stack}`),
      );
      expect(r.stderr).not.toContain('docker service update');
      expect((await spec('web')).image).toBe(ref('web', shas.A));
      expect((await spec('worker')).image).toBe(ref('worker', shas.A));
      const webNodes = await nodesOf('web');
      expect(webNodes).toHaveLength(2);
      expect(webNodes.every((l) => l.endsWith(' running'))).toBe(true);
      expect(new Set(webNodes.map((l) => l.split(' ')[0])).size).toBe(2);
      expect(await nodesOf('worker')).toHaveLength(1);
      expect((await served()).filter((t) => t === 'v1')).toHaveLength(2);
    },
    LONG,
  );

  it(
    'a template change: only web gets `docker service update --image` of the new tag; worker is untouched',
    async () => {
      const worker = await spec('worker');
      shas.B = await repo.commit('template', { 'web/www/index.html': 'v2\n' });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toEqual(['web']);
      expect(r.stderr).toContain(`docker service update --detach --with-registry-auth --image ${ref('web', shas.B)} ${stack}_web`);
      expect(r.stderr).not.toContain('docker stack deploy');
      expect((await spec('web')).image).toBe(ref('web', shas.B));
      expect(await spec('worker')).toEqual(worker);
      expect((await served()).filter((t) => t === 'v2')).toHaveLength(2);
    },
    LONG,
  );

  it(
    'a failing healthcheck: swarm rolls web back, the run exits non-zero naming web and the rollback, B still serves',
    async () => {
      await repo.commit('broken', { 'web/www/index.html': 'v3\n', 'web/www/ok': null });
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`${stack}_web: swarm update (rollback_started|rollback_completed)`));
      expect(r.stderr).toContain(`swarm had rolled back ${stack}_web itself`);
      expect((await spec('web')).image).toBe(ref('web', shas.B));
      expect((await served()).filter((t) => t === 'v2')).toHaveLength(2);
    },
    LONG,
  );

  it(
    "rollback: web back on A's tag (no build, no stack deploy), worker untouched",
    async () => {
      const worker = await spec('worker');
      const r = await cli('rollback');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ result: 'success', release: shas.A });
      expect(r.json.phases.map((p: { name: string }) => p.name)).not.toContain('Publish');
      expect(r.stderr).toContain(`--image ${ref('web', shas.A)} ${stack}_web`);
      expect((await spec('web')).image).toBe(ref('web', shas.A));
      expect(await spec('worker')).toEqual(worker);
      expect((await served()).filter((t) => t === 'v1')).toHaveLength(2);
    },
    LONG,
  );

  it(
    "a run killed after web's update leaves web on a tag the state never recorded; the next deploy, whose plan has no change for web, puts web back on the live release's tag",
    async () => {
      const live = await spec('web');
      expect(live.image).toBe(ref('web', shas.A));
      // the same target with a short lock_ttl: the killed run's lock is broken by the next run (it waits for it)
      const shortTtl = join(tmp, 'deploy-short-ttl.yml');
      await writeFile(shortTtl, [...head, '    lock_ttl: 10s', ''].join('\n'));
      const args = (...extra: string[]) => ['deploy', '--repo', repo.dir, '--config', shortTtl, '--target', 'swarm', '--json', ...extra];
      const env = {
        GITOPS_SSH_KEY: manager.clientKey,
        GITOPS_KNOWN_HOSTS: net!.hosts.map((h) => h.knownHosts).join(''),
        GITOPS_REGISTRY_PASSWORD: PASSWORD,
      };
      const sha = await repo.commit('template v7', { 'web/www/index.html': 'v7\n', 'web/www/ok': 'ok\n' });
      const pauseFile = join(tmp, 'pause-verify');
      const run = spawnCli(args(), { ...env, GITOPS_DEPLOY_PAUSE_AT: 'verify', GITOPS_DEPLOY_PAUSE_FILE: pauseFile }, { detached: true });
      const deadline = Date.now() + 180_000;
      while (!existsSync(pauseFile) && run.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(existsSync(pauseFile), run.stderr()).toBe(true);
      // the runner dies between the update and its record (its process group: no ssh child is left)
      process.kill(-run.child.pid!, 'SIGKILL');
      await run.done;
      await rm(pauseFile, { force: true });
      expect((await spec('web')).image).toBe(ref('web', sha));
      // `current` was left on the release that never went live: status says so, the next deploy repairs it first
      expect(await readlink(join(manager.dir, 'app', 'current'))).toBe(`releases/${sha}`);
      const status = await runCli(['status', '--repo', repo.dir, '--config', shortTtl, '--target', 'swarm', '--json'], env);
      expect(JSON.stringify(status.json), status.stderr).toContain(
        `\`current\` points to ${sha.slice(0, 12)} while state.json records ${shas.A.slice(0, 12)}`,
      );
      // the next commit puts the template back: web's files are A's again, the plan (from A, recorded live) builds nothing
      await repo.commit('template back to v1', { 'web/www/index.html': 'v1\n' });
      const r = await runCli(args('--lock-wait', '60'), env);
      expect(r.code, r.stderr).toBe(0);
      // before: nothing said the run repaired a half-done host (compose says so from its in-progress record)
      expect(r.json.warnings.join('\n')).toContain(
        `REPAIRED AN INTERRUPTED DEPLOY: \`current\` pointed to ${sha.slice(0, 12)} while state.json records ${shas.A.slice(0, 12)} as live`,
      );
      expect(r.json.plan.build).toEqual([]);
      expect((await spec('web')).image).toBe(ref('web', shas.A));
      const deadlineServe = Date.now() + 60_000;
      while ((await served()).filter((t) => t === 'v1').length < 2 && Date.now() < deadlineServe)
        await new Promise((r) => setTimeout(r, 500));
      expect((await served()).filter((t) => t === 'v1')).toHaveLength(2);
    },
    LONG,
  );

  it(
    'a task: runs once as a swarm job from the new worker image with its env, before worker is updated; the job is gone; `logs` reads the stack',
    async () => {
      const sha = await repo.commit('worker task', {
        'web/www/index.html': 'v1\n',
        'web/www/ok': 'ok\n',
        'worker/task.txt': 'new-image\n',
        'worker/Dockerfile': `FROM ${FIXTURE_BASE_IMAGE}\nCOPY task.txt /task.txt\nCMD ["sh", "-c", "echo worker-up $GREETING; exec sleep 100000"]\n`,
      });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan).toMatchObject({ build: ['worker'], tasks: ['marker'] });
      expect(r.stderr.match(/\[marker\] task-marker hello-from-spec new-image/g)).toHaveLength(1);
      expect(r.stderr).toContain(`swarm job ${stack}_task_marker_${sha.slice(0, 8)} from ${ref('worker', sha)}`);
      const phases = r.json.phases.map((p: { name: string }) => p.name);
      expect(phases.indexOf('Tasks')).toBeGreaterThan(-1);
      expect(phases.indexOf('Tasks')).toBeLessThan(phases.indexOf('Apply'));
      expect((await spec('worker')).image).toBe(ref('worker', sha));
      const left = (await manager.docker(['service', 'ls', '--format', '{{.Name}}'])).stdout;
      expect(left).not.toContain('_task_');

      const logs = await cli('logs', '--service', 'worker', '--tail', '5');
      expect(logs.code, logs.stderr).toBe(0);
      expect(logs.json.logs).toMatch(new RegExp(`${stack}_worker\\.1\\.\\w+@\\S+ +\\| worker-up hello-from-spec`));
      const all = await cli('logs');
      expect(all.code, all.stderr).toBe(0);
      expect(all.json.logs).toContain('worker-up hello-from-spec');
    },
    LONG,
  );
  /** `<node id> <container id>` of the running task of a service */
  const taskOf = async (service: string) => {
    const id = (await manager.docker(['service', 'ps', '-q', '--filter', 'desired-state=running', `${stack}_${service}`])).stdout.trim();
    const f = '{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}';
    const [node, container] = (await manager.docker(['inspect', '--format', f, id.split('\n')[0]!])).stdout.trim().split(' ');
    return { node: node!, container: container! };
  };
  const nodeId = async (h: NetnsHost) => (await h.docker(['info', '--format', '{{.Swarm.NodeID}}'])).stdout.trim();
  const backups = () => join(manager.dir, 'app', 'backups');
  const staged = () => readdirSync('/var/tmp').filter((n) => n.startsWith('gitops-backup.'));

  it(
    'a MariaDB service on a worker: `backup` dumps it in its task on that node (docker exec over SSH), the verified dump lands on the manager',
    async () => {
      const t0 = Date.now();
      const added = await repo.commit('db service', {
        'docker-compose.yml': COMPOSE_WITH_DB,
        'db/Dockerfile': 'FROM gitops-fixture-hostbin:latest\n',
      });
      const up = await cli('deploy');
      expect(up.code, up.stderr).toBe(0);
      const db = await taskOf('db');
      const workers = net!.hosts.slice(1);
      const ids = await Promise.all(workers.map(nodeId));
      const on = workers[ids.indexOf(db.node)];
      expect(on, `db runs on ${db.node}, not on a worker (${ids.join(', ')})`).toBeDefined();
      const sql = (q: string) => on!.docker(['exec', db.container, 'mysql', '-uroot', '-N', '-B', '-e', q]);
      for (let i = 0; (await on!.docker(['exec', db.container, 'mysqladmin', '-uroot', 'ping'], true)).code !== 0; i++) {
        if (i > 120) throw new Error('MariaDB in the db task did not answer');
        await new Promise((r) => setTimeout(r, 500));
      }
      await sql("CREATE DATABASE appdb; CREATE TABLE appdb.t (v VARCHAR(40)); INSERT INTO appdb.t VALUES ('row-on-the-worker')");
      const nodes = ['    nodes:', ...workers.map((w, i) => `      ${ids[i]}: ${w.target}`)];
      const backup = ['    backup: {engine: mariadb, service: db, database: appdb, user: root, keep: 5}'];
      await writeFile(config, [...head, ...nodes, ...backup, ''].join('\n'));
      const before = staged();

      const r = await cli('backup');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(
          `database of ${stack}_db: task \\w+ on node \\S+ \\(${db.node}\\), docker exec in container ${db.container.slice(0, 12)} over SSH to ${on!.target}:22`,
        ),
      );
      const file: string = r.json.backup.file;
      expect(file.startsWith(`${join(manager.dir, 'app', 'backups')}/swarm-`)).toBe(true);
      const gz = await readFile(file);
      expect(createHash('sha256').update(gz).digest('hex')).toBe(r.json.backup.sha256);
      const dump = execFileSync('gzip', ['-dc'], { input: gz }).toString();
      expect(dump).toContain("'row-on-the-worker'");
      expect(dump).toContain('-- Dump completed');
      expect(JSON.parse(await readFile(`${file}.json`, 'utf8'))).toMatchObject({ sha256: r.json.backup.sha256, verified: true });
      expect(staged()).toEqual(before);

      console.log(`db-on-a-worker case: ${((Date.now() - t0) / 1000).toFixed(1)} s (added ${added.slice(0, 8)})`);
    },
    LONG,
  );

  it(
    'a registry that is down: the deploy fails at the login, before any service, `current` or the backups change',
    async () => {
      const t0 = Date.now();
      const services = ['web', 'worker', 'db'];
      const specs = await Promise.all(services.map(spec));
      const current = await readlink(join(manager.dir, 'app', 'current'));
      const kept = readdirSync(backups()).sort();
      await reg!.stop();
      await repo.commit('template, registry down', { 'web/www/index.html': 'v5\n' });
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/registry 127\.0\.0\.1:\d+: docker login failed on \S+ \(is it up, are the credentials right\?\)/);
      expect(r.stderr).not.toContain('docker service update');
      expect(r.stderr).not.toContain('docker stack deploy');
      const phases = (r.json?.phases ?? []).map((p: { name: string }) => p.name);
      for (const later of ['Backup', 'Upload', 'Apply']) expect(phases).not.toContain(later);
      expect(await Promise.all(services.map(spec))).toEqual(specs);
      expect(await readlink(join(manager.dir, 'app', 'current'))).toBe(current);
      expect(readdirSync(backups()).sort()).toEqual(kept);
      console.log(`registry-down case: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    LONG,
  );
});
