/**
 * The health check of a real Django setup, run over a real sshd with each of the three probes the
 * host may have (curl, python3, wget): an app with ALLOWED_HOSTS=['example.com'] answers 400 to
 * http://127.0.0.1:PORT/ unless the request carries `Host: example.com` (health.headers), and one with
 * SECURE_SSL_REDIRECT answers 301, which must be seen as such (not followed to an https:// address
 * the host cannot reach).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHost, type HostConnection } from '../../src/transport/connect.js';
import { waitForHttp, type HttpExpectation } from '../../src/verify/http-check.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd, curl, wget, python3', sshdAvailable() && ['curl', 'wget', 'python3'].every((t) => existsSync(`/usr/bin/${t}`)));

/** A bin directory holding every command of the system PATH but `without`. */
async function pathWithout(dir: string, without: string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const from of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'])
    for (const name of readdirSync(from))
      if (!without.includes(name)) await symlink(join(from, name), join(dir, name)).catch(() => undefined);
  return dir;
}

/** The request targets the server saw under /seen/ (a URL the probe must request once, verbatim). */
const seen: string[] = [];

/** Django's answers: 400 for a Host not in ALLOWED_HOSTS, 301 to https:// on /secure/, the X-Probe header echoed. */
function djangoLike(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/seen/')) {
      seen.push(req.url);
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`seen ${req.url}`);
    }
    if (req.headers.host !== 'example.com') return void res.writeHead(400).end('Bad Request (400)');
    if (req.url === '/secure/') return void res.writeHead(301, { location: 'https://example.com/secure/' }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok probe=${req.headers['x-probe'] ?? ''}`);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const variants: [string, string[]][] = [
  ['curl', ['wget']],
  ['python3', ['curl', 'wget']],
  ['wget', ['curl', 'python3']],
];

describe.runIf(ready)('health check with a Host header and a redirect, over SSH', { timeout: 120_000 }, () => {
  let tmp = '';
  let server: Server;
  let base = '';
  const hosts = new Map<string, { sshd: SshdHandle; conn: HostConnection }>();
  const marker = `/tmp/gd-health-pwned-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-health-host');
    server = await djangoLike();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const [probe, without] of variants) {
      const sshd = await startSshd({ extra: [`SetEnv PATH=${await pathWithout(join(tmp, probe), without)}`] });
      const conn = await connectHost({ host: `root@127.0.0.1`, port: sshd.port, privateKey: sshd.clientKey, knownHosts: sshd.knownHosts });
      hosts.set(probe, { sshd, conn });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { sshd, conn } of hosts.values()) {
      await conn.cleanup();
      await sshd.stop();
    }
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (tmp) await removeTree(tmp);
  });

  const check = (probe: string, want: Partial<HttpExpectation>) =>
    waitForHttp(hosts.get(probe)!.conn.exec, { url: `${base}/`, timeoutMs: 0, ...want }, 50);

  describe.each(variants.map(([p]) => p))('probe: %s', (probe) => {
    it('this probe is the first of curl, python3, wget the host has', async () => {
      const r = await hosts.get(probe)!.conn.exec.sh('for t in curl python3 wget; do command -v $t >/dev/null && echo $t; done; true');
      expect(r.stdout.split('\n')[0]).toBe(probe);
    });

    it('without a Host header the app answers 400, and the error says how to send one', async () => {
      await expect(check(probe, {})).rejects.toThrow(/HTTP 400 from .*ALLOWED_HOSTS: set health.headers/);
    });

    it('health.headers {Host: example.com} passes; a hostile header value is sent literally', async () => {
      const value = `x'; touch ${marker}; echo "$(id)"`;
      await check(probe, { headers: { Host: 'example.com', 'X-Probe': value }, body: '^ok probe=' });
      expect(existsSync(marker)).toBe(false);
    });

    it('the echoed header value is exactly the configured one', async () => {
      const value = `a 'b' "c" $HOME \\d`;
      await check(probe, { headers: { Host: 'example.com', 'X-Probe': value }, body: `^ok probe=${value.replace(/[$\\]/g, '\\$&')}$` });
    });

    it.each([
      ['braces in the query', '/seen/?q={a,b}'],
      ['an unmatched brace', '/seen/?q={a'],
      ['brackets in the query', '/seen/?ids[]=1&r=[1-2]'],
    ])('a health.url with %s is requested once, as written (no curl globbing)', async (_what, path) => {
      seen.length = 0;
      await check(probe, { url: `${base}${path}`, body: '^seen /seen/' });
      expect(seen.map((u) => decodeURI(u))).toEqual([path]);
    });

    it('a SECURE_SSL_REDIRECT 301 is not followed: expect_status 301 passes, the default fails naming the way out', async () => {
      await check(probe, { url: `${base}/secure/`, headers: { Host: 'example.com' }, status: 301 });
      await expect(check(probe, { url: `${base}/secure/`, headers: { Host: 'example.com' } })).rejects.toThrow(
        /HTTP 301 from .*redirects are not followed: set health.expect_status/,
      );
    });
  });
});
