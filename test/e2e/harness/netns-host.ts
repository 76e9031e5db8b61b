/**
 * Test hosts in network namespaces (HARNESS-NOTES "Several hosts with network namespaces"): N
 * hosts on one bridge, each with its own sshd bound to its address (so its link can be cut) and,
 * optionally, its own dockerd (started with nsenter, own data-root/exec-root/pidfile/socket; the
 * host's sshd points `docker` at it with SetEnv DOCKER_HOST, so it can be stopped without touching
 * the shared engine). Everything is torn down by PID and by name. Reusable by multi-host tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import type { ExecResult } from '../../../src/transport/types.js';
import { waitForPort } from './ports.js';
import { keygen, SSHD, sshdConfig } from './sshd.js';
import { makeTempDir, removeTree } from './tmp.js';

const local = new LocalExecutor();

export interface NetnsHost {
  /** network namespace name */
  ns: string;
  ip: string;
  /** `root@<ip>` (sshd on port 22 inside the namespace) */
  target: string;
  port: 22;
  /** a directory of its own on the shared filesystem (e.g. for the deploy path) */
  dir: string;
  /** with `privatePath`: what this host sees there (`<dir>/view`, readable from the test) */
  view?: string;
  knownHosts: string;
  /** private key text authorized for root */
  clientKey: string;
  /** its sshd's pid: `nsenter -t PID -n -m` runs a process on this host (its network, its private view) */
  sshdPid: number;
  /** unix:///…/docker.sock of its own dockerd (when started with dockerd) */
  dockerHost?: string;
  /** `docker -H <its engine> ARGS` (throws unless allowFailure) */
  docker(args: string[], allowFailure?: boolean): Promise<ExecResult>;
  /** the link down / up (ip link set eth0 down|up inside the namespace) */
  cutLink(): Promise<void>;
  restoreLink(): Promise<void>;
  /** traffic toward the host (its veth on the bridge) limited to `rate` (tc tbf, e.g. "4mbit"); undefined lifts the limit */
  limitRate(rate?: string): Promise<void>;
  /** stops its dockerd (SIGTERM, waits for the exit) / starts it again on the same data-root */
  stopDockerd(): Promise<void>;
  startDockerd(): Promise<void>;
}

export interface NetnsNetwork {
  bridge: string;
  hosts: NetnsHost[];
  teardown(): Promise<void>;
}

export interface NetnsOptions {
  /** give each host its own dockerd */
  dockerd?: boolean;
  /** images copied from the shared engine into each host's dockerd (docker save | load) */
  images?: string[];
  /**
   * an absolute directory each host sees privately: its sshd runs in a mount namespace of its own
   * where `<host dir>/view` is bind-mounted on it, so hosts deployed to the same path share no file
   */
  privatePath?: string;
}

const ip = (...args: string[]) => local.run(['ip', ...args]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when this machine can create namespaces, bridges and run sshd/dockerd (root). */
export function netnsAvailable(): boolean {
  const ok = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  return process.getuid?.() === 0 && existsSync(SSHD) && ok('ip') && ok('nsenter') && ok('dockerd');
}

/** A /24 in 10.x.y.0 that no interface of this machine uses. */
function freeSubnet(): string {
  const used = spawnSync('ip', ['-o', '-4', 'addr'], { encoding: 'utf8' }).stdout;
  for (;;) {
    const net = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
    if (!used.includes(` ${net}.`)) return net;
  }
}

function killTree(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!pid) return;
  const kids = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  for (const p of [pid, ...kids]) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await sleep(100);
  }
  return false;
}

/** One host's dockerd, started in its namespace with nsenter (see HARNESS-NOTES' swarm section). */
function dockerdControl(ns: string, dir: string) {
  const sock = join(dir, 'docker.sock');
  const pidfile = join(dir, 'docker.pid');
  let child: ChildProcess | undefined;
  let log = '';
  const docker = (args: string[], allowFailure = false) => local.run(['docker', '-H', `unix://${sock}`, ...args], { allowFailure });
  const start = async (): Promise<void> => {
    const args = [
      '--net=/var/run/netns/' + ns,
      'dockerd',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      pidfile,
      '--host',
      `unix://${sock}`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ];
    child = spawn('nsenter', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    const deadline = Date.now() + 120_000;
    while ((await docker(['info', '--format', '{{.ServerVersion}}'], true)).code !== 0) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`dockerd in ${ns} did not start: ${log}`);
      await sleep(300);
    }
  };
  const stop = async (): Promise<void> => {
    const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8')) : child?.pid;
    if (!pid) return;
    killTree(pid);
    if (!(await waitGone(pid, 60_000))) killTree(pid, 'SIGKILL');
    child = undefined;
  };
  return { sock, docker, start, stop };
}

/** Unmounts whatever dockerd left mounted under `dir` (the nsfs mount of its exec-root). */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(`${dir}/`));
  for (const m of mounts.sort().reverse()) spawnSync('umount', ['-l', m]);
}

/** `ip netns exec NS sshd …`, or, with a private view, sshd in its own mount namespace where `view` is bind-mounted on `path`. */
function sshdArgv(ns: string, config: string, view?: { from: string; on: string }): string[] {
  const sshd = [SSHD, '-f', config, '-D', '-e'];
  if (!view) return ['netns', 'exec', ns, ...sshd];
  const script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"';
  return ['netns', 'exec', ns, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', script, 'sh', view.from, view.on, ...sshd];
}

async function startHostSshd(
  ns: string,
  dir: string,
  addr: string,
  dockerHost?: string,
  view?: { from: string; on: string },
): Promise<{ child: ChildProcess; knownHosts: string; clientKey: string }> {
  keygen(join(dir, 'host_ed25519'));
  keygen(join(dir, 'client_ed25519'));
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_ed25519.pub')));
  await writeFile(join(dir, 'sshd_config'), sshdConfig(dir, 22, addr, dockerHost ? [`SetEnv DOCKER_HOST=${dockerHost}`] : []));
  await mkdir('/run/sshd', { recursive: true });
  const child = spawn('ip', sshdArgv(ns, join(dir, 'sshd_config'), view), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  if (!(await waitForPort(22, 20_000, addr))) throw new Error(`sshd in ${ns} did not listen on ${addr}:22: ${log}`);
  const hostKey = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  return { child, knownHosts: `${addr} ${hostKey}\n`, clientKey: await readFile(join(dir, 'client_ed25519'), 'utf8') };
}

/** Creates `count` hosts on a fresh bridge. Call teardown() in afterAll (it is safe after a partial set-up). */
export async function createNetnsHosts(count: number, opts: NetnsOptions = {}): Promise<NetnsNetwork> {
  const tag = `${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
  const bridge = `gdbr${tag}`.slice(0, 15);
  const subnet = freeSubnet();
  const base = await makeTempDir(`gdn-${tag}`);
  const cleanups: (() => Promise<void> | void)[] = [];
  const teardown = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    cleanups.length = 0;
    unmountUnder(base);
    await removeTree(base);
  };
  try {
    await ip('link', 'add', bridge, 'type', 'bridge');
    cleanups.push(() => void spawnSync('ip', ['link', 'del', bridge]));
    await ip('addr', 'add', `${subnet}.254/24`, 'dev', bridge);
    await ip('link', 'set', bridge, 'up');
    // the hosts start side by side (each its own namespace, directory, dockerd and sshd): mostly waits
    // for dockerd, which one host at a time paid three times over; every one settles before a teardown
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => createHost(i + 1, { tag, bridge, subnet, base, opts, cleanups })),
    );
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return { bridge, hosts: started.map((s) => (s as PromiseFulfilledResult<NetnsHost>).value), teardown };
  } catch (e) {
    await teardown();
    throw e;
  }
}

/**
 * Link up, then wait until the host's sshd answers again: right after `link set up` the bridge
 * side may still hold a FAILED neighbour entry from the cut, and a connect gets EHOSTUNREACH.
 */
async function restoreLink(ns: string, addr: string, bridge: string): Promise<void> {
  await ip('-n', ns, 'link', 'set', 'eth0', 'up');
  await local.run(['ip', 'neigh', 'flush', 'dev', bridge, 'to', addr], { allowFailure: true });
  if (!(await waitForPort(22, 30_000, addr))) throw new Error(`${ns}: sshd on ${addr}:22 unreachable 30 s after the link came back`);
}

/** A token bucket on the bridge side of the host's veth (its ingress); removed when `rate` is undefined. */
async function limitRate(veth: string, rate?: string): Promise<void> {
  if (!rate) return void (await local.run(['tc', 'qdisc', 'del', 'dev', veth, 'root'], { allowFailure: true }));
  await local.run(['tc', 'qdisc', 'replace', 'dev', veth, 'root', 'tbf', 'rate', rate, 'burst', '32kbit', 'latency', '1s']);
}

interface HostContext {
  tag: string;
  bridge: string;
  subnet: string;
  base: string;
  opts: NetnsOptions;
  cleanups: (() => Promise<void> | void)[];
}

async function createHost(i: number, c: HostContext): Promise<NetnsHost> {
  const ns = `gdns${c.tag}h${i}`;
  const veth = `gdv${c.tag}${i}`.slice(0, 15);
  const addr = `${c.subnet}.${i}`;
  const dir = join(c.base, `h${i}`);
  await mkdir(dir, { recursive: true });
  await ip('netns', 'add', ns);
  c.cleanups.push(() => void spawnSync('ip', ['netns', 'del', ns]));
  await ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
  await ip('link', 'set', veth, 'master', c.bridge, 'up');
  await ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
  await ip('-n', ns, 'link', 'set', 'eth0', 'up');
  await ip('-n', ns, 'link', 'set', 'lo', 'up');
  const engine = c.opts.dockerd ? dockerdControl(ns, join(dir, 'd')) : undefined;
  if (engine) {
    await mkdir(join(dir, 'd'), { recursive: true });
    c.cleanups.push(() => engine.stop());
    await engine.start();
    for (const image of c.opts.images ?? []) {
      await local.run(['sh', '-c', 'docker save "$1" | docker -H "unix://$2" load -q', 'sh', image, engine.sock]);
    }
  }
  const dockerHost = engine ? `unix://${engine.sock}` : undefined;
  const view = c.opts.privatePath ? { from: join(dir, 'view'), on: c.opts.privatePath } : undefined;
  if (view) await mkdir(view.from, { recursive: true, mode: 0o755 });
  const sshd = await startHostSshd(ns, join(dir), addr, dockerHost, view);
  c.cleanups.push(() => killTree(sshd.child.pid));
  return {
    ns,
    ip: addr,
    target: `root@${addr}`,
    port: 22,
    dir,
    view: view?.from,
    knownHosts: sshd.knownHosts,
    clientKey: sshd.clientKey,
    sshdPid: sshd.child.pid ?? 0,
    dockerHost,
    docker: (args, allowFailure) => (engine ? engine.docker(args, allowFailure) : Promise.reject(new Error(`${ns} has no dockerd`))),
    cutLink: async () => void (await ip('-n', ns, 'link', 'set', 'eth0', 'down')),
    restoreLink: () => restoreLink(ns, addr, c.bridge),
    limitRate: (rate) => limitRate(veth, rate),
    stopDockerd: () => (engine ? engine.stop() : Promise.resolve()),
    startDockerd: () => (engine ? engine.start() : Promise.resolve()),
  };
}
