/**
 * A rolling compose deploy over three real hosts: network namespaces, each with its own sshd, its
 * own dockerd and a private view of the deploy path (a mount namespace), so the hosts share no
 * file. One key and one known_hosts with the three host keys (each verified). The app answers on
 * 127.0.0.1:8080 inside its host's namespace; a host's shared .env can break one version of it.
 * Last, on the same hosts: a link cut to host 3 in the middle of its (rate-limited) upload, then a
 * re-run that converges; and the target built once on the runner and pulled by the three engines
 * from Debian's docker-registry on the bridge (reached as 127.0.0.1:<port> through socat forwarders).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, spawnCli, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, docker, dockerAvailable, FIXTURE_BASE_IMAGE, imageIdOfTag, uniqueProject } from './harness/docker.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { registryAvailable, startRegistry, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { loopbackForwarders } from './harness/swarm.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate(
  'root + ip netns + nsenter + sshd + dockerd + tc + socat + docker-registry',
  netnsAvailable() &&
    (await dockerAvailable()) &&
    registryAvailable() &&
    spawnSync('sh', ['-c', 'command -v tc && command -v socat'], { stdio: 'ignore' }).status === 0,
);
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** each host's phases with their seconds (where a multi-host run's time goes), for the log */
const timeline = (r: CliRun): string =>
  ((r.json?.hosts ?? []) as { host: string; phases: { name: string; ms: number }[] }[])
    .map((h) => `${h.host}: ${h.phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(1)}s`).join(', ')}`)
    .join('\n');
/** the phase names of a run's (or a host's) report */
const names = (phases: { name: string }[]): string[] => phases.map((p) => p.name);

/** unique per run: the runner's build tags `<project>-web` on the shared engine */
const PROJECT = uniqueProject('rolling');

const COMPOSE = `services:
  web:
    build: {context: ., network: none}
    network_mode: host
    stop_grace_period: 1s
    env_file: [.env]
    command: ["sh", "-c", "if grep -q \\"version=$\${BREAK:-none}$$\\" /www/index.html; then echo broken; exit 1; fi; exec busybox httpd -f -p 127.0.0.1:8080 -h /www"]
`;
const DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY templates /www\n`;

const config = (hosts: NetnsHost[]): string => `version: 1
compose: {project: ${PROJECT}, command: docker compose}
rules:
  - {name: templates, paths: ["templates/**"], build: [web]}
targets:
  prod:
    strategy: compose
    hosts: [${hosts.map((h) => h.target).join(', ')}]
    rolling: {batch: 1}
    path: PATH
    shared: [.env]
    health: {url: "http://127.0.0.1:8080/", expect_body: "^version=", services: false, timeout: 10s}
`;

describe.runIf(ready)('rolling deploy over three netns hosts', () => {
  let net: NetnsNetwork | undefined;
  let tmp = '';
  let repo: AppRepo;
  let env: Record<string, string>;
  const hosts = (): NetnsHost[] => net!.hosts;
  const stateOn = (h: NetnsHost) =>
    JSON.parse(readFileSync(join(h.view!, '.deploy', 'state.json'), 'utf8')) as {
      current: string;
      releases: { id: string; at: string; result: string; images?: Record<string, { id: string; name: string }> }[];
    };
  const stateText = (h: NetnsHost): string => readFileSync(join(h.view!, '.deploy', 'state.json'), 'utf8');
  /** the image the host's running web container was created from */
  const webImage = async (h: NetnsHost): Promise<string> =>
    (await h.docker(['inspect', '-f', '{{.Image}}', `${PROJECT}-web-1`])).stdout.trim();
  /** the same target in another config file (outside the repo): e.g. with a backup, or only one host */
  const configFile = async (name: string, edit: (text: string) => string): Promise<string> => {
    const file = join(tmp, name);
    await writeFile(file, edit(config(hosts()).replace('PATH', appPath)));
    return file;
  };
  let appPath = '';
  let reg: RegistryHandle | undefined;
  let forwarders: { stop(): void } | undefined;
  /** the image the runner built and pushed (removed from the shared engine in afterAll, with compose's <project>-web) */
  let registryRef = '';
  /** what a host's web container serves */
  const page = async (h: NetnsHost): Promise<string> =>
    (await h.docker(['exec', `${PROJECT}-web-1`, 'busybox', 'wget', '-qO-', 'http://127.0.0.1:8080/'])).stdout;
  /** every file under a host's shared/ with its content */
  const sharedFiles = (h: NetnsHost): Record<string, string> =>
    Object.fromEntries(
      (readdirSync(join(h.view!, 'shared'), { recursive: true }) as string[])
        .sort()
        .map((f) => [f, readFileSync(join(h.view!, 'shared', f)).toString('base64')]),
    );
  /** the releases deployed by the tests above, oldest first (v1, v2) */
  const shas: string[] = [];
  const deploy = () => runCli(['deploy', '--repo', repo.dir, '--target', 'prod', '--json'], env);

  beforeAll(async () => {
    tmp = await makeTempDir('gd-rolling');
    const path = join(tmp, 'srv', 'app');
    appPath = path;
    await mkdir(path, { recursive: true, mode: 0o755 });
    await buildBusyboxBaseImage();
    net = await createNetnsHosts(3, { dockerd: true, images: [FIXTURE_BASE_IMAGE], privatePath: path });
    // one deploy key for every host; known_hosts names the three host keys
    const key = readFileSync(join(hosts()[0]!.dir, 'client_ed25519.pub'));
    for (const h of hosts()) {
      await writeFile(join(h.dir, 'authorized_keys'), key);
      await mkdir(join(h.view!, 'shared'), { recursive: true });
      await writeFile(join(h.view!, 'shared', '.env'), 'BREAK=none\n');
    }
    env = {
      GITOPS_SSH_KEY: hosts()[0]!.clientKey,
      GITOPS_KNOWN_HOSTS: hosts()
        .map((h) => h.knownHosts)
        .join(''),
    };
    const fixture = join(tmp, 'fixture');
    await mkdir(fixture);
    repo = await createAppRepo(fixture, join(tmp, 'repo'), {
      'docker-compose.yml': COMPOSE,
      Dockerfile: DOCKERFILE,
      'templates/index.html': 'version=1\n',
      '.github/deploy.yml': config(hosts()).replace('PATH', path),
    });
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
    shas.push(repo.head());
  }, 900_000);

  afterAll(async () => {
    forwarders?.stop();
    await reg?.stop();
    // the runner's build: compose's own name for it, and its registry tag
    if (registryRef) await docker(['rmi', registryRef, `${PROJECT}-web`], true);
    await net?.teardown();
    if (tmp) await removeTree(tmp);
  }, 300_000);

  it('the hosts do not share the deploy path: each has its own state', () => {
    const first = repo.head();
    for (const h of hosts()) expect(stateOn(h).current).toBe(first);
  });

  it('a template change rolls out one host at a time, in order, with the pause between batches', async () => {
    // the pause only here (the one test that asserts it): the other runs need none, 1 s per batch each
    const paused = await configFile('pause.yml', (t) => t.replace('rolling: {batch: 1}', 'rolling: {batch: 1, pause: 1s}'));
    const sha = await repo.commit('template v2', { 'templates/index.html': 'version=2\n' });
    shas.push(sha);
    expect(readFileSync(paused, 'utf8')).toContain('pause: 1s');
    const r = await runCli(['deploy', '--repo', repo.dir, '--config', paused, '--target', 'prod', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const at = hosts().map((h) => stateOn(h).releases.find((x) => x.id === sha)!.at);
    for (const h of hosts()) expect(stateOn(h).current).toBe(sha);
    expect(at[0]! < at[1]! && at[1]! < at[2]!).toBe(true);
    const rollout = r.json.rollout as { hosts: string[]; at: string; ms: number }[];
    expect(rollout.map((b) => b.hosts)).toEqual(hosts().map((h) => [h.target]));
    for (let i = 1; i < rollout.length; i++) {
      const gap = Date.parse(rollout[i]!.at) - (Date.parse(rollout[i - 1]!.at) + rollout[i - 1]!.ms);
      expect(gap).toBeGreaterThanOrEqual(950);
    }
    expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['deployed', 'deployed', 'deployed']);
  }, 600_000);

  it('a health failure on host 2 stops the rollout: host 1 goes back, host 3 never changes, the run fails', async () => {
    const [h1, h2, h3] = hosts() as [NetnsHost, NetnsHost, NetnsHost];
    const live = repo.head();
    await writeFile(join(h2.view!, 'shared', '.env'), 'BREAK=3\n');
    const h3Before = readFileSync(join(h3.view!, '.deploy', 'state.json'), 'utf8');
    const sha = await repo.commit('template v3', { 'templates/index.html': 'version=3\n' });
    const r = await deploy();
    expect(r.code).not.toBe(0);
    expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['reverted', 'failed', 'untouched']);
    expect(stateOn(h1).current).toBe(live);
    expect(stateOn(h1).releases.find((x) => x.id === sha)!.result).toBe('rolled-back');
    expect(stateOn(h2).current).toBe(live);
    expect(readFileSync(join(h3.view!, '.deploy', 'state.json'), 'utf8')).toBe(h3Before);
    // host 1 serves the previous version again (its container, in its namespace)
    const page = await h1.docker(['exec', `${PROJECT}-web-1`, 'busybox', 'wget', '-qO-', 'http://127.0.0.1:8080/']);
    expect(page.stdout).toBe('version=2\n');
  }, 600_000);

  it('every host key is verified: without host 3 in known_hosts the run stops before any host changes', async () => {
    const before = hosts().map((h) => readFileSync(join(h.view!, '.deploy', 'state.json'), 'utf8'));
    await repo.commit('template v4', { 'templates/index.html': 'version=4\n' });
    const partial = hosts()
      .slice(0, 2)
      .map((h) => h.knownHosts)
      .join('');
    const r = await runCli(['deploy', '--repo', repo.dir, '--target', 'prod'], { ...env, GITOPS_KNOWN_HOSTS: partial });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(hosts()[2]!.ip);
    expect(hosts().map((h) => readFileSync(join(h.view!, '.deploy', 'state.json'), 'utf8'))).toEqual(before);
  }, 300_000);

  it('backup on a target with several hosts runs on the primary only, and says so', async () => {
    for (const h of hosts())
      execFileSync('sqlite3', [join(h.view!, 'shared', 'db.sqlite3'), 'CREATE TABLE t (x); INSERT INTO t VALUES (1);']);
    const file = await configFile('with-backup.yml', (t) => `${t}    backup: {engine: sqlite, path: shared/db.sqlite3, keep: 3}\n`);
    const r = await runCli(['backup', '--repo', repo.dir, '--config', file, '--target', 'prod', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const [h1, ...others] = hosts();
    expect(
      readdirSync(join(h1!.view!, 'backups')).filter((n) => n.includes('db.sqlite3') || n.endsWith('.gz') || n.includes('prod')),
    ).not.toEqual([]);
    for (const h of others) expect(existsSync(join(h.view!, 'backups'))).toBe(false);
    expect((r.json.notes as string[]).join('\n')).toContain(`backup on the primary ${h1!.target} only`);
  }, 300_000);

  it('rollback rolls every host back to the previous release, primary first, each on its retained image', async () => {
    const [v1, v2] = shas as [string, string];
    for (const h of hosts()) expect(stateOn(h).current).toBe(v2);
    const r = await runCli(['rollback', '--repo', repo.dir, '--target', 'prod', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['rolled-back', 'rolled-back', 'rolled-back']);
    expect((r.json.rollout as { hosts: string[] }[]).map((b) => b.hosts)).toEqual(hosts().map((h) => [h.target]));
    for (const h of hosts()) {
      const state = stateOn(h);
      expect(state.current).toBe(v1);
      expect(state.releases.find((x) => x.id === v2)!.result).toBe('rolled-back');
      expect(await webImage(h)).toBe(state.releases.find((x) => x.id === v1)!.images!.web!.id);
      const page = await h.docker(['exec', `${PROJECT}-web-1`, 'busybox', 'wget', '-qO-', 'http://127.0.0.1:8080/']);
      expect(page.stdout).toBe('version=1\n');
    }
  }, 600_000);

  it('a rollback to a release pruned on one host is refused before any host changes', async () => {
    const [, v2] = shas as [string, string];
    const h3 = hosts()[2]!;
    await rm(join(h3.view!, 'releases', v2), { recursive: true, force: true });
    const before = await Promise.all(hosts().map(async (h) => [stateText(h), await webImage(h)]));
    const r = await runCli(['rollback', '--repo', repo.dir, '--target', 'prod', '--to', v2], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no longer kept on ${h3.target}`);
    expect(r.stderr).not.toContain(hosts()[0]!.target + ' (');
    expect(await Promise.all(hosts().map(async (h) => [stateText(h), await webImage(h)]))).toEqual(before);
  }, 300_000);

  it('status shows one row per host; a host rolled back on its own is flagged as drift (exit 1)', async () => {
    const [v1, v2] = shas as [string, string];
    const ok = await runCli(['status', '--repo', repo.dir, '--target', 'prod', '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect((ok.json.status.hosts as { host: string; status: { current: string } }[]).map((h) => [h.host, h.status.current])).toEqual(
      hosts().map((h) => [h.target, v1]),
    );
    expect(ok.json.status.drift.drifted).toBe(false);
    // host 1 alone goes forward to v2, through a config that names only it
    const h1 = hosts()[0]!;
    const single = await configFile('host1.yml', (t) => t.replace(/hosts: \[.*\]/, `host: ${h1.target}`));
    const one = await runCli(['rollback', '--repo', repo.dir, '--config', single, '--target', 'prod', '--to', v2], env);
    expect(one.code, one.stderr).toBe(0);
    const r = await runCli(['status', '--repo', repo.dir, '--target', 'prod', '--json'], env);
    expect(r.code).toBe(1);
    expect((r.json.status.hosts as { status: { current: string } }[]).map((h) => h.status.current)).toEqual([v2, v1, v1]);
    expect(r.json.status.drift).toMatchObject({
      drifted: true,
      releases: {
        [v2]: [h1.target],
        [v1]: hosts()
          .slice(1)
          .map((h) => h.target),
      },
    });
    const text = await runCli(['status', '--repo', repo.dir, '--target', 'prod'], env);
    expect(text.code).toBe(1);
    const rows = (text.stdout + text.stderr).split('\n').filter((l) => hosts().some((h) => l.startsWith(`| ${h.target} |`)));
    expect(rows).toHaveLength(3);
    expect(text.stdout + text.stderr).toContain('DRIFT: the hosts run different releases');
  }, 300_000);

  it('a link cut to host 3 in the middle of its upload fails the run in bounded time, host 1 and 2 go back, host 3 keeps its release; a re-run converges all three', async () => {
    const [h1, h2, h3] = hosts() as [NetnsHost, NetnsHost, NetnsHost];
    // the target with a short lock_ttl, so that the re-run breaks the lock the cut run leaves on host 3
    const file = await configFile('lock-ttl.yml', (t) => `${t}    lock_ttl: 10s\n`);
    const run = (extra: Record<string, string> = {}) =>
      spawnCli(['deploy', '--repo', repo.dir, '--config', file, '--target', 'prod', '--json'], { ...env, ...extra });
    const before = hosts().map((h) => stateOn(h).current);
    const h3Live = readlinkSync(join(h3.view!, 'current'));
    const h3Shared = sharedFiles(h3);
    expect(Object.keys(h3Shared).length).toBeGreaterThan(0);
    // 2 MB of random data (base64: 2.7 MB, incompressible) that host 3 receives at 4 Mbit/s: ~5 s of rsync
    const sha = await repo.commit('template v5 and a big asset', {
      'templates/index.html': 'version=5\n',
      'assets/blob.txt': randomBytes(2 << 20).toString('base64'),
    });
    await h3.limitRate('4mbit');
    const started = Date.now();
    const cut = run();
    // host 3's upload is the third Upload phase (batches of 1); the cut comes once rsync writes the asset there
    while ((cut.stderr().match(/▶ Upload/g) ?? []).length < 3 && cut.child.exitCode === null) await sleep(100);
    const incoming = join(h3.view!, 'releases', sha, 'assets');
    const deadline = Date.now() + 20_000;
    while (!(existsSync(incoming) && readdirSync(incoming).some((f) => f.includes('blob'))) && Date.now() < deadline) await sleep(50);
    expect(readdirSync(incoming).filter((f) => f.includes('blob')).length, cut.stderr()).toBeGreaterThan(0);
    expect(existsSync(join(incoming, 'blob.txt')), 'the upload had already finished').toBe(false);
    await h3.cutLink();
    const cutAt = Date.now();
    const r = await cut.done;

    const afterCut = Date.now() - cutAt;
    console.log(`link cut: run ended rc ${r.code} ${afterCut} ms after the cut (${Date.now() - started} ms in all)\n${timeline(r)}`);
    expect(r.code).not.toBe(0);
    expect(afterCut).toBeLessThan(60_000);
    // the report names host 3 as the failure; hosts 1 and 2 were switched, then put back on their previous release
    const report = r.json.hosts as { host: string; result: string; detail?: string; phases: { name: string }[] }[];
    expect(report.map((h) => h.result)).toEqual(['reverted', 'reverted', 'failed']);
    expect(report[2]!.host).toContain(h3.ip);
    expect(report[2]!.detail).toBeTruthy();
    expect(names(report[2]!.phases)).toContain('Upload');
    expect(names(report[2]!.phases)).not.toContain('Build');
    for (const [i, h] of [h1, h2].entries()) {
      expect(stateOn(h).current).toBe(before[i]);
      expect(stateOn(h).releases.find((x) => x.id === sha)!.result).toBe('rolled-back');
      expect(await page(h)).not.toBe('version=5\n');
    }
    // host 3: live release, state and shared files as they were; its lock is left (its release needed the link)
    expect(stateOn(h3).current).toBe(before[2]);
    expect(readlinkSync(join(h3.view!, 'current'))).toBe(h3Live);
    expect(sharedFiles(h3)).toEqual(h3Shared);
    expect(existsSync(join(h3.view!, '.deploy', 'lock'))).toBe(true);
    expect(r.stderr).toContain('could not release the deploy lock');

    await h3.restoreLink();
    await h3.limitRate();
    const again = await run().done;
    console.log(`re-run: rc ${again.code} in ${Math.round(again.ms)} ms\n${timeline(again)}`);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('broke the deploy lock of a dead holder');
    expect((again.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['deployed', 'deployed', 'deployed']);
    for (const h of hosts()) {
      expect(stateOn(h).current).toBe(sha);
      expect(await page(h)).toBe('version=5\n');
    }
    expect(readdirSync(join(h3.view!, '.deploy')).filter((f) => f.startsWith('lock'))).toEqual([]);
    expect(readFileSync(join(h3.view!, 'releases', sha, 'assets', 'blob.txt')).length).toBeGreaterThan(2 << 20);
    expect(sharedFiles(h3)).toEqual(h3Shared);
  }, 600_000);

  it('hosts on different releases: a change only host 1 got, undone by the next commit, is undone on host 1 too (the plan covers every live release)', async () => {
    const [h1, h2] = hosts() as [NetnsHost, NetnsHost];
    const served = readFileSync(join(repo.dir, 'templates', 'index.html'), 'utf8');
    expect(await page(h2)).toBe(served);
    // host 1 alone gets a template the others never ran, through a config that names only it
    const single = await configFile('host1-drift.yml', (t) => t.replace(/hosts: \[.*\]/, `host: ${h1.target}`));
    await repo.commit('template only host 1 runs', { 'templates/index.html': 'version=drift\n' });
    const one = await runCli(['deploy', '--repo', repo.dir, '--config', single, '--target', 'prod'], env);
    expect(one.code, one.stderr).toBe(0);
    expect(await page(h1)).toBe('version=drift\n');
    // the next commit puts the template back: the oldest live release already has it, host 1 does not
    const sha = await repo.commit('template back', { 'templates/index.html': served });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    for (const h of hosts()) {
      expect(stateOn(h).current).toBe(sha);
      expect(await page(h), `${h.target} serves`).toBe(served);
    }
    expect(r.json.plan.build).toEqual(['web']);
  }, 600_000);

  it('build once on the runner for the three hosts: one Publish, every host pulls release-<sha12> and runs that image, none builds', async () => {
    await mkdir(join(tmp, 'registry'));
    reg = await startRegistry(join(tmp, 'registry'), 'ci', PASSWORD, hosts()[0]!.ip.replace(/\.\d+$/, '.254'));
    // every engine (the runner's, each host's) reaches the registry as 127.0.0.1:<port>: no --insecure-registry
    const port = Number(reg.addr.split(':')[1]);
    forwarders = await loopbackForwarders([undefined, ...hosts().map((h) => h.ns)], port, reg.addr);
    const file = await configFile('registry.yml', (t) => `${t}    build: {on: runner, registry: "127.0.0.1:${port}", username: ci}\n`);
    const sha = await repo.commit('template v6', { 'templates/index.html': 'version=6\n' });
    const tag = `release-${sha.slice(0, 12)}`;
    registryRef = `127.0.0.1:${port}/${PROJECT}/web:${tag}`;
    const r: CliRun = await runCli(['deploy', '--repo', repo.dir, '--config', file, '--target', 'prod', '--json'], {
      ...env,
      GITOPS_REGISTRY_PASSWORD: PASSWORD,
    });
    console.log(`registry deploy: rc ${r.code} in ${Math.round(r.ms)} ms\n${timeline(r)}`);
    expect(r.code, r.stderr).toBe(0);
    const report = r.json.hosts as { result: string; phases: { name: string }[] }[];
    // one Publish in the whole run (recorded with the primary, before its Upload), and one build on the runner
    const everyPhase = [...names(r.json.phases), ...report.flatMap((h) => names(h.phases))];
    expect(everyPhase.filter((n) => n === 'Publish')).toHaveLength(1);
    expect(names(report[0]!.phases).indexOf('Publish')).toBeLessThan(names(report[0]!.phases).indexOf('Upload'));
    expect(r.stderr.match(/build once on the runner: web\n/g)).toHaveLength(1);
    expect(r.stderr).not.toContain('build once on root@');
    expect(await reg.tags(`${PROJECT}/web`)).toEqual([tag]);
    // the runner untags what it pushed (it is not a host): the pushed image is the one its build named
    expect(await imageIdOfTag(registryRef)).toBeNull();
    const built = stateOn(hosts()[0]!).releases.find((x) => x.id === sha)!.images!.web!.name;
    const pushed = await imageIdOfTag(built);
    expect(pushed).toMatch(/^sha256:/);
    expect(report.map((h) => h.result)).toEqual(['deployed', 'deployed', 'deployed']);
    for (const [i, h] of hosts().entries()) {
      expect(names(report[i]!.phases)).toContain('Pull');
      expect(names(report[i]!.phases)).not.toContain('Build');
      // the host's engine holds the pulled tag (a pulled image has its registry digest), and web runs it
      const id = (await h.docker(['image', 'inspect', '-f', '{{.Id}}', registryRef])).stdout.trim();
      const digests = (await h.docker(['image', 'inspect', '-f', '{{json .RepoDigests}}', registryRef])).stdout;
      expect(id).toBe(pushed);
      expect(digests).toContain(`127.0.0.1:${port}/${PROJECT}/web@sha256:`);
      expect(await webImage(h)).toBe(pushed);
      expect(stateOn(h).releases.find((x) => x.id === sha)!.images!.web!.id).toBe(pushed);
      expect(await page(h)).toBe('version=6\n');
    }
  }, 600_000);

  it('hosts on different releases: host 1 ran a service the others never had; its failed deploy puts it back on its own release, that service still running', async () => {
    const [h1, h2] = hosts() as [NetnsHost, NetnsHost];
    const live = stateOn(h2).current;
    const running = async (h: NetnsHost, service: string): Promise<boolean> =>
      (await h.docker(['ps', '-q', '--filter', `label=com.docker.compose.service=${service}`])).stdout.trim() !== '';
    // host 1 alone gets a release with a second service, `extra`
    const single = await configFile('host1-extra.yml', (t) => t.replace(/hosts: \[.*\]/, `host: ${h1.target}`));
    const extra = `${COMPOSE}  extra:\n    build: {context: ., network: none}\n    network_mode: none\n    stop_grace_period: 1s\n    command: ["sleep", "100000"]\n`;
    const ahead = await repo.commit('extra service on host 1', { 'docker-compose.yml': extra });
    const one = await runCli(['deploy', '--repo', repo.dir, '--config', single, '--target', 'prod'], env);
    expect(one.code, one.stderr).toBe(0);
    expect(await running(h1, 'extra')).toBe(true);
    expect(await running(h2, 'extra')).toBe(false);
    // the next release breaks on host 1 (the primary, first in the rollout): it goes back to its own release
    await writeFile(join(h1.view!, 'shared', '.env'), 'BREAK=8\n');
    try {
      await repo.commit('template v8', { 'templates/index.html': 'version=8\n' });
      const r = await deploy();
      expect(r.code).not.toBe(0);
      expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['failed', 'untouched', 'untouched']);
      expect(stateOn(h1).current).toBe(ahead);
      expect(readlinkSync(join(h1.view!, 'current'))).toBe(`releases/${ahead}`);
      // before: undone with the oldest live release's services (web only), `extra` was stopped and removed
      expect(await running(h1, 'extra'), r.stderr).toBe(true);
      expect(await running(h1, 'web')).toBe(true);
      for (const h of hosts().slice(1)) expect(stateOn(h).current).toBe(live);
    } finally {
      await writeFile(join(h1.view!, 'shared', '.env'), 'BREAK=none\n');
    }
  }, 600_000);

  /** the compose services of the project's containers on a host (stopped ones too), sorted */
  const servicesOn = async (h: NetnsHost): Promise<string[]> =>
    (
      await h.docker([
        'ps',
        '-a',
        '--filter',
        `label=com.docker.compose.project=${PROJECT}`,
        '--format',
        '{{.Label "com.docker.compose.service"}}',
      ])
    ).stdout
      .split('\n')
      .filter(Boolean)
      .sort();
  /** a service on the fixture image (no build) that only sleeps */
  const sleeper = (name: string): string =>
    `  ${name}:\n    image: ${FIXTURE_BASE_IMAGE}\n    network_mode: none\n    stop_grace_period: 1s\n    command: ["sleep", "100000"]\n`;

  it('hosts on different releases: rollback is refused before any host changes (one release to one release on every host)', async () => {
    const [h1, h2] = hosts() as [NetnsHost, NetnsHost];
    expect(stateOn(h1).current).not.toBe(stateOn(h2).current);
    const before = await Promise.all(hosts().map(async (h) => [stateText(h), await servicesOn(h)]));
    for (const args of [[], ['--to', stateOn(h2).current]]) {
      const r = await runCli(['rollback', '--repo', repo.dir, '--target', 'prod', ...args], env);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('the hosts disagree on the live release');
    }
    expect(await Promise.all(hosts().map(async (h) => [stateText(h), await servicesOn(h)]))).toEqual(before);
  }, 300_000);

  it('hosts on different releases, each with a service the others lack: the deploy leaves every host with exactly the new release services', async () => {
    const [h1, h2, h3] = hosts() as [NetnsHost, NetnsHost, NetnsHost];
    // host 1 runs web + extra (the test above); hosts 2 and 3 alone get web + old (a config naming only them)
    expect(await servicesOn(h1)).toEqual(['extra', 'web']);
    const two = await configFile('hosts23.yml', (t) => t.replace(/hosts: \[.*\]/, `hosts: [${h2.target}, ${h3.target}]`));
    const behind = await repo.commit('old service on hosts 2 and 3', { 'docker-compose.yml': COMPOSE + sleeper('old') });
    const r23 = await runCli(['deploy', '--repo', repo.dir, '--config', two, '--target', 'prod'], env);
    expect(r23.code, r23.stderr).toBe(0);
    for (const h of [h2, h3]) expect(await servicesOn(h)).toEqual(['old', 'web']);
    expect(stateOn(h2).current).toBe(behind);
    // the new release drops both extra and old, and adds fresh
    const sha = await repo.commit('fresh replaces extra and old', { 'docker-compose.yml': COMPOSE + sleeper('fresh') });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['deployed', 'deployed', 'deployed']);
    for (const h of hosts()) {
      expect(stateOn(h).current).toBe(sha);
      expect(await servicesOn(h), h.target).toEqual(['fresh', 'web']);
    }
    expect([...r.json.plan.remove].sort()).toEqual(['extra', 'old']);
  }, 600_000);

  it('hosts on different releases: host 2 fails after host 1 (ahead) was switched; each goes back to its own release services', async () => {
    const [h1, h2, h3] = hosts() as [NetnsHost, NetnsHost, NetnsHost];
    const base = readFileSync(join(repo.dir, 'docker-compose.yml'), 'utf8');
    const live = stateOn(h2).current;
    expect(await servicesOn(h2)).toEqual(['fresh', 'web']);
    // host 1 alone goes ahead with a service the others never had
    const single = await configFile('host1-solo.yml', (t) => t.replace(/hosts: \[.*\]/, `host: ${h1.target}`));
    const ahead = await repo.commit('solo service on host 1', { 'docker-compose.yml': base + sleeper('solo') });
    const one = await runCli(['deploy', '--repo', repo.dir, '--config', single, '--target', 'prod'], env);
    expect(one.code, one.stderr).toBe(0);
    expect(await servicesOn(h1)).toEqual(['fresh', 'solo', 'web']);
    // the next release drops fresh and solo, adds later, and breaks on host 2
    await writeFile(join(h2.view!, 'shared', '.env'), 'BREAK=9\n');
    try {
      await repo.commit('later replaces fresh and solo; template v9', {
        'docker-compose.yml': COMPOSE + sleeper('later'),
        'templates/index.html': 'version=9\n',
      });
      const r = await deploy();
      expect(r.code).not.toBe(0);
      expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['reverted', 'failed', 'untouched']);
      expect(stateOn(h1).current).toBe(ahead);
      expect(await servicesOn(h1), r.stderr).toEqual(['fresh', 'solo', 'web']);
      for (const h of [h2, h3]) {
        expect(stateOn(h).current).toBe(live);
        expect(await servicesOn(h), h.target).toEqual(['fresh', 'web']);
      }
    } finally {
      await writeFile(join(h2.view!, 'shared', '.env'), 'BREAK=none\n');
    }
  }, 600_000);

  it('a host with nothing deployed beside hosts on a release: a failure on it puts the others back on their own services (none removed)', async () => {
    const [h1, h2, h3] = hosts() as [NetnsHost, NetnsHost, NetnsHost];
    const was = [stateOn(h1).current, stateOn(h2).current];
    expect(await servicesOn(h1)).toEqual(['fresh', 'solo', 'web']);
    expect(await servicesOn(h2)).toEqual(['fresh', 'web']);
    // host 3 as a host just added to `hosts:` (no state), whose first deploy fails
    const stateFile = join(h3.view!, '.deploy', 'state.json');
    await rename(stateFile, `${stateFile}.aside`);
    await writeFile(join(h3.view!, 'shared', '.env'), 'BREAK=10\n');
    try {
      await repo.commit('template v10', { 'templates/index.html': 'version=10\n' });
      const r = await deploy();
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('planning a first deploy');
      expect((r.json.hosts as { result: string }[]).map((h) => h.result)).toEqual(['reverted', 'reverted', 'failed']);
      expect([stateOn(h1).current, stateOn(h2).current]).toEqual(was);
      // before: undone with no service of their own (the first deploy's), web was stopped and removed
      expect(await servicesOn(h1), r.stderr).toEqual(['fresh', 'solo', 'web']);
      expect(await servicesOn(h2)).toEqual(['fresh', 'web']);
      for (const h of [h1, h2]) expect(await page(h), h.target).toMatch(/^version=8\n$/);
    } finally {
      await writeFile(join(h3.view!, 'shared', '.env'), 'BREAK=none\n');
      await rename(`${stateFile}.aside`, stateFile);
    }
  }, 600_000);

  it('a host with nothing deployed beside hosts on a release: the deploy removes what the others ran and the new release drops (no orphan)', async () => {
    const [h1, h2, h3] = hosts() as [NetnsHost, NetnsHost, NetnsHost];
    expect(await servicesOn(h1)).toEqual(['fresh', 'solo', 'web']);
    expect(await servicesOn(h2)).toEqual(['fresh', 'web']);
    // host 3 as a host just added to `hosts:` (its state moved aside; the deploy writes a new one)
    await rename(join(h3.view!, '.deploy', 'state.json'), join(h3.view!, '.deploy', 'state.json.before'));
    const sha = await repo.commit('only web and later', { 'docker-compose.yml': COMPOSE + sleeper('later') });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('planning a first deploy');
    for (const h of hosts()) {
      expect(stateOn(h).current).toBe(sha);
      // before: the first deploy's plan removed nothing, fresh and solo kept running on hosts 1 and 2
      expect(await servicesOn(h), h.target).toEqual(['later', 'web']);
    }
  }, 600_000);
});
