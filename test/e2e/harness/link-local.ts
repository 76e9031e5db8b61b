/**
 * An HTTP server on an IPv6 link-local address, reached from this host through a zone id: a veth
 * pair whose one end stays here and whose other end is in a network namespace of its own, where a
 * python3 server listens on [::]:PORT. `url(zone)` spells the zone as given ("%eth0" or "%25eth0").
 * Names are unique per process; stop() kills the server by PID and deletes the namespace (and the pair).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { localExecutor as local } from '../../../src/transport/local-executor.js';
import { onPath } from './require.js';

export interface LinkLocalServer {
  /** the interface on this host's side (the zone id of the address) */
  iface: string;
  /** the link-local address of the server's end */
  address: string;
  /** http://[<address><zone><iface>]:<port>/ */
  url(zone: '%' | '%25'): string;
  stop(): Promise<void>;
}

export const linkLocalAvailable = (): boolean => process.getuid?.() === 0 && onPath('ip') && onPath('python3');

const SERVER = `import http.server, socket
class S(http.server.HTTPServer):
    address_family = socket.AF_INET6
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"zone ok")
    def log_message(self, *a): pass
S(("::", 8000), H).serve_forever()`;

/** The link-local address of `dev` (in `ns` when given) once duplicate address detection is done; undefined while tentative. */
async function linkLocal(dev: string, ns?: string): Promise<string | undefined> {
  const r = await local.run(['ip', ...(ns ? ['-n', ns] : []), '-6', 'addr', 'show', 'dev', dev], { allowFailure: true });
  const line = r.stdout.split('\n').find((l) => l.includes('inet6 fe80') && !l.includes('tentative'));
  return line ? /inet6 (fe80[0-9a-f:]*)\//.exec(line)?.[1] : undefined;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`link-local: ${what} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startLinkLocalServer(): Promise<LinkLocalServer> {
  const id = `gdz${process.pid}`;
  const [ns, iface, peer] = [id, `${id}a`, `${id}b`];
  await local.run(['ip', 'netns', 'add', ns]);
  let server: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (server?.pid) process.kill(server.pid);
    await local.run(['ip', 'netns', 'del', ns], { allowFailure: true });
  };
  try {
    await local.run(['ip', 'link', 'add', iface, 'type', 'veth', 'peer', 'name', peer, 'netns', ns]);
    await local.run(['ip', 'link', 'set', iface, 'up']);
    await local.run(['ip', '-n', ns, 'link', 'set', peer, 'up']);
    const address = await until('the server address', () => linkLocal(peer, ns));
    await until('this side', () => linkLocal(iface));
    server = spawn('ip', ['netns', 'exec', ns, '/usr/bin/python3', '-c', SERVER], { stdio: 'ignore' });
    const url = (zone: '%' | '%25') => `http://[${address}${zone}${iface}]:8000/`;
    const answers = async () =>
      (await local.run(['curl', '-sg', '-m', '2', url('%')], { allowFailure: true })).stdout === 'zone ok' || undefined;
    await until('the server', answers);
    return { iface, address, url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
