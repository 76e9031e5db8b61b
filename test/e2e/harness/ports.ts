import net from 'node:net';
import { readdir, readFile, readlink } from 'node:fs/promises';

/** Asks the kernel for a free TCP port on `host` (listen on :0, read it, close). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close((err) => (err ? reject(err) : port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Resolves true once a TCP connect to host:port succeeds, false after timeoutMs. */
export async function waitForPort(port: number, timeoutMs = 15_000, host = '127.0.0.1'): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port, host)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Thrown by a server start when its port was taken by another process before the server bound it. */
export class PortTaken extends Error {
  constructor(
    readonly port: number,
    detail: string,
  ) {
    super(`port ${port} was taken before the server bound it: ${detail}`);
  }
}

/**
 * Runs `start` on a port `pick` found (freePort), and again on another port when `start` throws
 * PortTaken: the port is free when freePort closes it, but another process (another e2e file's
 * server) can bind it before `start`'s server does. Other errors, and a third PortTaken, throw.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, pick: () => Promise<number> = freePort): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await pick();
    try {
      return await start(port);
    } catch (e) {
      if (!(e instanceof PortTaken) || attempt >= 3) throw e;
      console.warn(`${e.message}; trying another port`);
    }
  }
}

/** Inodes of the sockets listening on TCP `port`, as seen from the network namespace of process `pid`. */
async function listeningInodes(pid: number, port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const file of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${file}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // f[1]: local address HEX:PORT, f[3]: state (0A = LISTEN), f[9]: inode
      if (f.length > 9 && f[3] === '0A' && Number.parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!);
    }
  }
  return inodes;
}

/**
 * True when process `pid` itself holds a socket listening on TCP `port`: a connect alone may reach
 * another process that took the port first.
 */
export async function listensOn(pid: number, port: number): Promise<boolean> {
  const inodes = await listeningInodes(pid, port);
  if (inodes.size === 0) return false;
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m && inodes.has(m[1]!)) return true;
  }
  return false;
}
