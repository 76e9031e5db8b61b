/**
 * A harness server whose port another process took between freePort and its bind: Apache and the
 * registry say so (PortTaken) instead of taking the other process for themselves, and onFreePort
 * starts them on another port.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable, startApache, STATIC_SITE_PREFIX } from './harness/apache.js';
import { passengerHost, servePassengerHost, startPassengerApache } from './harness/passenger-hosts.js';
import { freePort, onFreePort, PortTaken } from './harness/ports.js';
import { registryAvailable, startRegistryOn } from './harness/registry.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

/** A port picker that hands out `first` (a taken port), then free ones. */
function takenFirst(first: number): () => Promise<number> {
  let calls = 0;
  return () => (calls++ === 0 ? Promise.resolve(first) : freePort());
}

describe('harness servers on a port another process took', () => {
  let tmp = '';
  let other: net.Server;
  let taken = 0;

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-harness-ports');
    other = net.createServer((s) => s.end('not the server under test\n'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    taken = (other.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => other.close(r));
    if (tmp) await removeTree(tmp);
  });

  describe.runIf(gate('apache2 + mod_passenger', apacheAvailable()))('apache', () => {
    it('rejects with PortTaken on a taken port, and starts on another one under onFreePort', async () => {
      const dir = join(tmp, 'apache');
      await mkdir(dir, { recursive: true, mode: 0o755 });
      const opts = { appRoot: join(dir, 'app'), dir };
      await expect(startApache({ ...opts, port: taken })).rejects.toBeInstanceOf(PortTaken);
      const server = await onFreePort((port) => startApache({ ...opts, port }), takenFirst(taken));
      try {
        expect(server.port).not.toBe(taken);
        expect((await fetch(`${server.staticSiteUrl}/`)).headers.get('server')).toMatch(/Apache/);
      } finally {
        await server.stop();
      }
    });

    it('a passenger host served before its port goes into a config gets the port Apache bound', async () => {
      // the race made certain: the port chosen first (and written into a config) is taken by another process
      const h = { ...(await passengerHost(tmp, 'served')), port: taken };
      const appRoot = join(h.path, 'current', 'backend');
      await expect(startPassengerApache(tmp, h, appRoot)).rejects.toBeInstanceOf(PortTaken);
      const server = await servePassengerHost(tmp, h, appRoot);
      try {
        expect(h.apache).toBe(server);
        expect(h.port).toBe(server.port);
        expect(h.port).not.toBe(taken);
        expect((await fetch(`http://127.0.0.1:${h.port}${STATIC_SITE_PREFIX}/`)).headers.get('server')).toMatch(/Apache/);
      } finally {
        await server.stop();
      }
    });
  });

  describe.runIf(gate('docker-registry + htpasswd', registryAvailable()))('registry', () => {
    it('rejects with PortTaken on a taken port, and starts on another one under onFreePort', async () => {
      const dir = join(tmp, 'registry');
      await mkdir(dir, { recursive: true });
      execFileSync('htpasswd', ['-iBc', join(dir, 'htpasswd'), 'ci'], { input: 'pw', stdio: ['pipe', 'ignore', 'pipe'] });
      await expect(startRegistryOn(dir, `127.0.0.1:${taken}`, 'ci', 'pw')).rejects.toBeInstanceOf(PortTaken);
      const reg = await onFreePort((port) => startRegistryOn(dir, `127.0.0.1:${port}`, 'ci', 'pw'), takenFirst(taken));
      try {
        expect(reg.addr).not.toBe(`127.0.0.1:${taken}`);
        expect(await reg.tags('nothing-here')).toEqual([]);
      } finally {
        await reg.stop();
      }
    });
  });
});
