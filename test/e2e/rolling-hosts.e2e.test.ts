/**
 * A rolling compose deploy over three real hosts: network namespaces, each with its own sshd, its
 * own dockerd and a private view of the deploy path (a mount namespace), so the hosts share no
 * file. One key and one known_hosts with the three host keys (each verified). The app answers on
 * 127.0.0.1:8080 inside its host's namespace; a host's shared .env can break one version of it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('root + ip netns + nsenter + sshd + dockerd', netnsAvailable() && (await dockerAvailable()));

const COMPOSE = `services:
  web:
    build: {context: ., network: none}
    network_mode: host
    env_file: [.env]
    command: ["sh", "-c", "if grep -q \\"version=$\${BREAK:-none}$$\\" /www/index.html; then echo broken; exit 1; fi; exec busybox httpd -f -p 127.0.0.1:8080 -h /www"]
`;
const DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY templates /www\n`;

const config = (hosts: NetnsHost[]): string => `version: 1
compose: {project: rolling, command: docker compose}
rules:
  - {name: templates, paths: ["templates/**"], build: [web]}
targets:
  prod:
    strategy: compose
    hosts: [${hosts.map((h) => h.target).join(', ')}]
    rolling: {batch: 1, pause: 1s}
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
      releases: { id: string; at: string; result: string; images?: Record<string, { id: string }> }[];
    };
  const stateText = (h: NetnsHost): string => readFileSync(join(h.view!, '.deploy', 'state.json'), 'utf8');
  /** the image the host's running web container was created from */
  const webImage = async (h: NetnsHost): Promise<string> =>
    (await h.docker(['inspect', '-f', '{{.Image}}', 'rolling-web-1'])).stdout.trim();
  /** the same target in another config file (outside the repo): e.g. with a backup, or only one host */
  const configFile = async (name: string, edit: (text: string) => string): Promise<string> => {
    const file = join(tmp, name);
    await writeFile(file, edit(config(hosts()).replace('PATH', appPath)));
    return file;
  };
  let appPath = '';
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
    await net?.teardown();
    if (tmp) await removeTree(tmp);
  }, 300_000);

  it('the hosts do not share the deploy path: each has its own state', () => {
    const first = repo.head();
    for (const h of hosts()) expect(stateOn(h).current).toBe(first);
  });

  it('a template change rolls out one host at a time, in order, with the pause between batches', async () => {
    const sha = await repo.commit('template v2', { 'templates/index.html': 'version=2\n' });
    shas.push(sha);
    const r = await deploy();
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
    const page = await h1.docker(['exec', 'rolling-web-1', 'busybox', 'wget', '-qO-', 'http://127.0.0.1:8080/']);
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
      const page = await h.docker(['exec', 'rolling-web-1', 'busybox', 'wget', '-qO-', 'http://127.0.0.1:8080/']);
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
});
