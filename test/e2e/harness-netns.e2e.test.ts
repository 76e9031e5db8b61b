/** The netns host harness itself: reachable sshd per host, its own dockerd behind DOCKER_HOST, link cut, teardown. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE } from './harness/docker.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import { gate } from './harness/require.js';

const ready = gate('root + ip netns + nsenter + sshd + dockerd', netnsAvailable() && (await dockerAvailable()));

async function ssh(h: NetnsHost, command: string): Promise<{ code: number; out: string; ms: number }> {
  const kh = join(h.dir, 'client_known_hosts');
  if (!existsSync(kh)) await writeFile(kh, h.knownHosts);
  const start = Date.now();
  const r = spawnSync(
    'ssh',
    [
      '-i',
      join(h.dir, 'client_ed25519'),
      '-o',
      `UserKnownHostsFile=${kh}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'ConnectTimeout=5',
      '-o',
      'ServerAliveInterval=2',
      '-o',
      'ServerAliveCountMax=2',
      h.target,
      command,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status ?? -1, out: (r.stdout ?? '') + (r.stderr ?? ''), ms: Date.now() - start };
}

describe.runIf(ready)('netns host harness', () => {
  let net: NetnsNetwork | undefined;

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    net = await createNetnsHosts(2, { dockerd: true, images: [FIXTURE_BASE_IMAGE] });
  }, 900_000);

  afterAll(async () => {
    await net?.teardown();
  }, 300_000);

  it('each host answers over ssh with its own address, and docker there is its own engine', async () => {
    const [a, b] = net!.hosts as [NetnsHost, NetnsHost];
    expect(a.ip).not.toBe(b.ip);
    for (const h of [a, b]) {
      const r = await ssh(h, 'echo "$DOCKER_HOST"; docker image inspect --format "{{.Id}}" ' + FIXTURE_BASE_IMAGE);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain(h.dockerHost!);
      expect(r.out).toMatch(/sha256:/);
    }
    // (the engine ID comes from /etc/docker/key.json, shared: tell the engines apart by their root dir)
    const roots = await Promise.all([a, b].map(async (h) => (await h.docker(['info', '--format', '{{.DockerRootDir}}'])).stdout.trim()));
    expect(roots[0]).toBe(join(a.dir, 'd', 'data'));
    expect(roots[1]).toBe(join(b.dir, 'd', 'data'));
    expect(spawnSync('docker', ['info', '--format', '{{.DockerRootDir}}'], { encoding: 'utf8' }).stdout.trim()).not.toBe(roots[0]);
  }, 300_000);

  it('a cut link fails ssh within a bounded time; restored, it works again', async () => {
    const h = net!.hosts[0]!;
    await h.cutLink();
    const cut = await ssh(h, 'echo ok');
    expect(cut.code).not.toBe(0);
    expect(cut.ms).toBeLessThan(30_000);
    await h.restoreLink();
    const back = await ssh(h, 'echo ok');
    expect(back.code, back.out).toBe(0);
  }, 300_000);

  it('its dockerd stops and starts again without touching the shared engine', async () => {
    const h = net!.hosts[1]!;
    await h.stopDockerd();
    expect((await ssh(h, 'docker ps')).code).not.toBe(0);
    expect(spawnSync('docker', ['info', '--format', '{{.ID}}']).status).toBe(0);
    await h.startDockerd();
    const r = await ssh(h, 'docker ps -q');
    expect(r.code, r.out).toBe(0);
  }, 300_000);

  it('teardown removes namespaces, bridge and processes', async () => {
    const { bridge, hosts } = net!;
    await net!.teardown();
    net = undefined;
    const names = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    for (const h of hosts) expect(names).not.toContain(h.ns);
    expect(spawnSync('ip', ['link', 'show', bridge]).status).not.toBe(0);
    for (const h of hosts) expect(existsSync(h.dir)).toBe(false);
  }, 300_000);
});
