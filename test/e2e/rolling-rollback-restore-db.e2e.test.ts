/**
 * `rollback --restore-db` over two real hosts (network namespaces, each with its own sshd, dockerd
 * and private deploy path): the database (SQLite, on the primary) is restored once, on the primary,
 * before the code goes back on the other host; a failure on host 2 puts the primary's database
 * back from its safety backup, with its code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('root + ip netns + nsenter + sshd + dockerd + sqlite3', netnsAvailable() && (await dockerAvailable()));

/** web serves /www on 127.0.0.1:8080 of its host, unless the host's .env names the version it ships (BREAK=v1) */
const COMPOSE = `services:
  web: {build: {context: ., network: none}, network_mode: host, stop_grace_period: 1s, env_file: [.env], command: CMD}
`.replace(
  'CMD',
  JSON.stringify(['sh', '-c', 'grep -qx "$${BREAK}" /www/version && exit 1; exec busybox httpd -f -p 127.0.0.1:8080 -h /www']),
);

const hostResults = (r: CliRun): string[] => (r.json.hosts as { result: string }[]).map((h) => h.result);

describe.runIf(ready)('rollback --restore-db over two netns hosts', () => {
  let net: NetnsNetwork | undefined;
  let tmp = '';
  let repo: AppRepo;
  let env: Record<string, string> = {};
  const shas: string[] = [];
  const hosts = (): [NetnsHost, NetnsHost] => net!.hosts as [NetnsHost, NetnsHost];
  const db = () => join(hosts()[0].view!, 'shared', 'db.sqlite3');
  const rows = () => execFileSync('sqlite3', [db(), 'SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)']).toString().trim();
  const current = (h: NetnsHost): string => JSON.parse(readFileSync(join(h.view!, '.deploy', 'state.json'), 'utf8')).current;
  const served = async (h: NetnsHost): Promise<string> =>
    (await h.docker(['exec', 'rdbh-web-1', 'busybox', 'wget', '-qO-', 'http://127.0.0.1:8080/version'])).stdout.trim();
  const cli = (...args: string[]) => runCli([...args, '--repo', repo.dir, '--target', 'prod', '--json'], env);
  const breakOn = (h: NetnsHost, version: string) => writeFile(join(h.view!, 'shared', '.env'), `BREAK=${version}\n`);

  beforeAll(async () => {
    tmp = await makeTempDir('gd-rdb-hosts');
    const path = join(tmp, 'srv', 'app');
    await mkdir(path, { recursive: true, mode: 0o755 });
    await buildBusyboxBaseImage();
    net = await createNetnsHosts(2, { dockerd: true, images: [FIXTURE_BASE_IMAGE], privatePath: path });
    const key = readFileSync(join(hosts()[0].dir, 'client_ed25519.pub'));
    for (const h of hosts()) {
      await writeFile(join(h.dir, 'authorized_keys'), key);
      await mkdir(join(h.view!, 'shared'), { recursive: true });
      await breakOn(h, 'none');
    }
    execFileSync('sqlite3', [db(), 'CREATE TABLE t (v TEXT PRIMARY KEY);']);
    env = {
      GITOPS_SSH_KEY: hosts()[0].clientKey,
      GITOPS_KNOWN_HOSTS: hosts()
        .map((h) => h.knownHosts)
        .join(''),
    };
    const target = [
      'strategy: compose',
      `hosts: [${hosts()
        .map((h) => h.target)
        .join(', ')}]`,
      'rolling: {batch: 1}',
      `path: ${path}`,
      'shared: [.env, db.sqlite3]',
      'backup: {engine: sqlite, path: shared/db.sqlite3, keep: 10}',
      'health: {url: "http://127.0.0.1:8080/version", services: false, timeout: 10s}',
    ];
    const config = `version: 1\ncompose: {project: rdbh, command: docker compose}\nrules: [{name: pages, paths: ["www/**"], build: [web]}]\ntargets:\n  prod: {${target.join(', ')}}\n`;
    const fixture = join(tmp, 'fixture');
    await mkdir(fixture);
    repo = await createAppRepo(fixture, join(tmp, 'repo'), {
      'docker-compose.yml': COMPOSE,
      Dockerfile: `FROM ${FIXTURE_BASE_IMAGE}\nCOPY www /www\n`,
      'www/version': 'v1\n',
      '.github/deploy.yml': config,
    });
    for (const version of ['v1', 'v2']) {
      if (version !== 'v1') await repo.commit(version, { 'www/version': `${version}\n` });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      shas.push(repo.head());
      execFileSync('sqlite3', [db(), `INSERT INTO t VALUES ('${version}');`]);
    }
  }, 900_000);

  afterAll(async () => {
    await net?.teardown();
    if (tmp) await removeTree(tmp);
  }, 300_000);

  it('host 2 fails on v1: the primary goes back to v2 with its database put back (v1 and v2 rows), host 2 keeps v2', async () => {
    const [h1, h2] = hosts();
    await breakOn(h2, 'v1');
    const r = await cli('rollback', '--restore-db');
    await breakOn(h2, 'none');
    expect(r.code).not.toBe(0);
    expect(hostResults(r)).toEqual(['reverted', 'failed']);
    expect(rows()).toBe('v1,v2');
    expect((r.json.notes as string[]).join('\n')).toMatch(/database put back from \S+/);
    for (const h of [h1, h2]) {
      expect(current(h)).toBe(shas[1]);
      expect(await served(h)).toBe('v2');
    }
    expect(existsSync(join(h2.view!, 'backups'))).toBe(false);
  }, 600_000);

  it('the same rollback with host 2 sound: the database restored once, on the primary (v1 rows), the code on both', async () => {
    const [h1, h2] = hosts();
    const r = await cli('rollback', '--restore-db');
    expect(r.code, r.stderr).toBe(0);
    expect(hostResults(r)).toEqual(['rolled-back', 'rolled-back']);
    expect(rows()).toBe('v1');
    for (const h of [h1, h2]) {
      expect(current(h)).toBe(shas[0]);
      expect(await served(h)).toBe('v1');
    }
    // each host's phases: the restore (after its safety backup) on the primary only
    const restores = (r.json.hosts as { phases: { name: string }[] }[]).map(
      (h) => h.phases.filter((p) => p.name === 'Restore database').length,
    );
    expect(restores).toEqual([1, 0]);
    expect(existsSync(join(h2.view!, 'backups'))).toBe(false);
  }, 600_000);
});
