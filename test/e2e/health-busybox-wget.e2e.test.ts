/**
 * The health probe on a host whose only HTTP client is BusyBox wget (no curl, no python3), run in a
 * real BusyBox container on the host network: BusyBox wget follows every redirect and Debian's
 * crashes on `-T`, so the probe reads the status of the URL itself from its `-S` output. A 301 is
 * seen as 301 (not followed to an https:// address), and a 302 to a page answering 200 is not
 * taken for a 200.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecResult, Executor } from '../../src/transport/types.js';
import { waitForHttp, type HttpExpectation } from '../../src/verify/http-check.js';
import { buildBusyboxBaseImage, docker, dockerAvailable } from './harness/docker.js';
import { gate } from './harness/require.js';

const ready = gate('docker', await dockerAvailable());

/** An executor whose host is a fresh BusyBox container on the host network. */
function busyboxHost(image: string): Executor {
  const sh = (script: string): Promise<ExecResult> => docker(['run', '--rm', '--network', 'host', image, 'sh', '-c', script], true);
  return { name: 'busybox', run: (argv) => sh(argv.join(' ')), sh, close: async () => undefined };
}

/** Django's first-hour answers: 400 without the right Host, 301 to https://, 302 to a local page, 204. */
function djangoLike(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.headers.host !== 'example.com') return void res.writeHead(400).end('Bad Request (400)');
    if (req.url === '/secure/') return void res.writeHead(301, { location: 'https://example.com/secure/' }).end('moved');
    if (req.url === '/login-first/') return void res.writeHead(302, { location: '/' }).end('moved');
    if (req.url === '/empty/') return void res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok home');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

describe.runIf(ready)('health check with BusyBox wget as the only client', { timeout: 120_000 }, () => {
  let server: Server;
  let base = '';
  let host: Executor;
  const headers = { Host: 'example.com' };

  beforeAll(async () => {
    server = await djangoLike();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    host = busyboxHost(await buildBusyboxBaseImage());
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  const check = (path: string, want: Partial<HttpExpectation>) =>
    waitForHttp(host, { url: `${base}${path}`, timeoutMs: 0, headers, ...want }, 50);

  it('the container has BusyBox wget and neither curl nor python3', async () => {
    const r = await host.sh('command -v curl python3; wget --help 2>&1 | head -1');
    expect(r.stdout).toMatch(/^BusyBox/);
  });

  it('a 200 passes, and its body is checked', async () => {
    await check('/', { body: '^ok home$' });
    await expect(check('/', { body: '^other$' })).rejects.toThrow(/does not match/);
  });

  it('expect_status 301 passes on a SECURE_SSL_REDIRECT 301 (not followed to https://)', async () => {
    await check('/secure/', { status: 301 });
    await expect(check('/secure/', {})).rejects.toThrow(/HTTP 301 from .*redirects are not followed/);
  });

  it('a 302 to a page answering 200 is a 302, not a success', async () => {
    await expect(check('/login-first/', {})).rejects.toThrow(/HTTP 302 from /);
    await expect(check('/login-first/', { status: 200 })).rejects.toThrow(/HTTP 302 from /);
    await check('/login-first/', { status: 302 });
  });

  it('a 400 and a 204 are seen as such', async () => {
    await expect(check('/', { headers: {} })).rejects.toThrow(/HTTP 400 from .*ALLOWED_HOSTS/);
    await check('/empty/', { status: 204 });
  });
});
