/**
 * A real Docker Swarm over netns hosts (HARNESS-NOTES "Docker Swarm on several hosts"): host 1 is
 * the manager, the others join as workers. A registry on the bridge address is reached by every
 * engine as 127.0.0.1:<port> (a socat forwarder on each namespace's loopback and on the runner's),
 * so no engine needs --insecure-registry. Everything started here is stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildBusyboxBaseImage, docker } from './docker.js';
import { createNetnsHosts, type NetnsHost, type NetnsNetwork } from './netns-host.js';
import { waitForPort } from './ports.js';
import { startRegistry, type RegistryHandle } from './registry.js';
import { makeTempDir, removeTree } from './tmp.js';

/** `docker swarm init` on the first host, `join` of the others as workers. */
export async function formSwarm(hosts: NetnsHost[]): Promise<void> {
  const [manager, ...workers] = hosts;
  await manager!.docker(['swarm', 'init', '--advertise-addr', manager!.ip]);
  const token = (await manager!.docker(['swarm', 'join-token', '-q', 'worker'])).stdout.trim();
  for (const w of workers) await w.docker(['swarm', 'join', '--advertise-addr', w.ip, '--token', token, `${manager!.ip}:2377`]);
}

/** Each host leaves the swarm (workers first). */
export async function leaveSwarm(hosts: NetnsHost[]): Promise<void> {
  for (const h of [...hosts].reverse()) await h.docker(['swarm', 'leave', '--force'], true).catch(() => undefined);
}

/** socat forwarders of 127.0.0.1:<port> to `to` (host:port): in each namespace, and on the runner (`ns` undefined). */
export async function loopbackForwarders(namespaces: (string | undefined)[], port: number, to: string): Promise<{ stop(): void }> {
  const children: ChildProcess[] = [];
  const socat = ['socat', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `TCP:${to}`];
  for (const ns of namespaces) {
    const argv = ns ? ['nsenter', `--net=/var/run/netns/${ns}`, ...socat] : socat;
    children.push(spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' }));
  }
  const stop = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  };
  // the runner's forwarder answers once it listens (the namespaces' ones start alike)
  if (namespaces.includes(undefined) && !(await waitForPort(port, 10_000))) {
    stop();
    throw new Error(`socat did not listen on 127.0.0.1:${port}`);
  }
  return { stop };
}

/** What a swarm e2e file started: each part may be missing when its set-up failed part-way. */
export interface SwarmFixture {
  net?: NetnsNetwork;
  forwarders?: { stop(): void };
  reg?: RegistryHandle;
  /** the stack name: its images (`<registry>/<stack>/…`, `<stack>-…`) are removed */
  stack?: string;
  tmp?: string;
}

/** Stops what a swarm e2e file started, in reverse order, and removes its images and temp dir. */
export async function stopSwarmFixture(f: SwarmFixture): Promise<void> {
  if (f.net) await leaveSwarm(f.net.hosts);
  f.forwarders?.stop();
  await f.reg?.stop();
  await f.net?.teardown();
  if (f.stack) await removeStackImages(f.stack);
  if (f.tmp) await removeTree(f.tmp);
}

/** Removes the runner's images of a stack (`<registry>/<stack>/…`, `<stack>-…`). */
export async function removeStackImages(stack: string): Promise<void> {
  const images = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'], true);
  const ours = images.stdout.split('\n').filter((i) => i.includes(`/${stack}/`) || i.startsWith(`${stack}-`));
  for (const image of ours) await docker(['rmi', image], true);
}

/** A 1-node swarm (its manager), a registry user `ci` reached as 127.0.0.1:<port>, and a temp dir. */
export interface OneNodeSwarm {
  net: NetnsNetwork;
  manager: NetnsHost;
  reg: RegistryHandle;
  port: number;
  forwarders: { stop(): void };
  tmp: string;
}

/** Starts a OneNodeSwarm (the busybox base image built if missing); what a failure left started is stopped. */
export const startOneNodeSwarm = (tmpPrefix: string, password: string): Promise<OneNodeSwarm> => startSwarm(1, tmpPrefix, password);

/**
 * A swarm of `count` nodes (the first its manager, the others workers) with the registry of a
 * OneNodeSwarm reached as 127.0.0.1:<port> on the runner and on every node.
 */
export async function startSwarm(count: number, tmpPrefix: string, password: string): Promise<OneNodeSwarm> {
  const f: SwarmFixture = {};
  try {
    await buildBusyboxBaseImage();
    const net = (f.net = await createNetnsHosts(count, { dockerd: true }));
    const manager = net.hosts[0]!;
    await formSwarm(net.hosts);
    const tmp = (f.tmp = await makeTempDir(tmpPrefix));
    await mkdir(join(tmp, 'registry'));
    const reg = (f.reg = await startRegistry(join(tmp, 'registry'), 'ci', password, manager.ip.replace(/\.\d+$/, '.254')));
    const port = Number(reg.addr.split(':')[1]);
    const forwarders = (f.forwarders = await loopbackForwarders([undefined, ...net.hosts.map((h) => h.ns)], port, reg.addr));
    return { net, manager, reg, port, forwarders, tmp };
  } catch (error) {
    await stopSwarmFixture(f);
    throw error;
  }
}

/** The deploy config of one `strategy: swarm` target named `swarm` (the stack on `manager` at `path`, images built on the runner and pushed to 127.0.0.1:<port> as `ci`). */
export function swarmTargetConfig(o: { stack: string; manager: NetnsHost; path: string; port: number; health: string }): string {
  const lines = [
    'version: 1',
    `compose: {project: ${o.stack}, command: docker compose}`,
    'targets:',
    '  swarm:',
    '    strategy: swarm',
    `    host: ${o.manager.target}`,
    `    path: ${o.path}`,
    `    stack: ${o.stack}`,
    `    build: {on: runner, registry: "127.0.0.1:${o.port}", username: ci}`,
    `    health: {${o.health}}`,
  ];
  return [...lines, ''].join('\n');
}

/** A stack file of one service `web` built from ./web, BusyBox httpd serving /www on `port` of each node's host network, with `deploy`. */
export const hostWebStack = (port: number, deploy: string): string =>
  [
    'version: "3.8"',
    'services:',
    '  web:',
    '    build: ./web',
    '    networks: [hostnet]',
    `    command: ["httpd", "-f", "-p", "${port}", "-h", "/www"]`,
    '    stop_grace_period: 1s',
    `    deploy: ${deploy}`,
    'networks:',
    '  hostnet: {external: true, name: host}',
    '',
  ].join('\n');
