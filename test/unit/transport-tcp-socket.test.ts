import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcp, tcpOptions } from '../../src/transport/tcp-socket.js';

describe('tcpOptions', () => {
  it.each([
    [
      { user: 'deploy', host: 'example.org', port: 22 },
      { host: 'example.org', port: 22, noDelay: true },
    ],
    [
      { user: 'root', host: '::1', port: 2222 },
      { host: '::1', port: 2222, noDelay: true },
    ],
  ])('%j: the host and port, with Nagle off', (remote, expected) => {
    expect(tcpOptions(remote)).toEqual(expected);
  });
});

describe('openTcp', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('connects to the address (loopback)', async () => {
    server = createServer((c) => c.end('hello'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const sock = openTcp({ user: 'u', host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    const text = await new Promise<string>((resolve) => {
      let got = '';
      sock.on('data', (d) => (got += d)).on('end', () => resolve(got));
    });
    expect(text).toBe('hello');
  });

  it('a refused connection before anyone listens is not an unhandled error', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const sock = openTcp({ user: 'u', host: '127.0.0.1', port });
    await new Promise<void>((resolve) => sock.on('close', () => resolve()));
    expect(sock.destroyed).toBe(true);
  });
});
