/**
 * health.url with an IPv6 zone id, on real clients: a server on a link-local address behind a veth
 * pair (harness/link-local.ts), probed by Verify's script (httpProbeScript through waitForHttp) on
 * a host with curl, on one with python3 only, and in a BusyBox container on the host network (wget
 * only). A bare "%eth0" works with all three, so the config takes it; RFC 6874's "%25eth0" works
 * with curl and python3 and not with BusyBox wget, which doctor warns about.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecResult, Executor } from '../../src/transport/types.js';
import { localExecutor as local } from '../../src/transport/local-executor.js';
import { waitForHttp } from '../../src/verify/http-check.js';
import { parseConfig } from '../../src/config/load.js';
import { buildBusyboxBaseImage, containerHost, dockerAvailable } from './harness/docker.js';
import { linkLocalAvailable, startLinkLocalServer, type LinkLocalServer } from './harness/link-local.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('root, ip, python3, curl and a docker engine', linkLocalAvailable() && (await dockerAvailable()));

/** A host whose only HTTP client is python3 (curl and wget are not on its PATH). */
function pythonOnlyHost(bin: string): Executor {
  const sh = (script: string): Promise<ExecResult> => local.run(['/bin/sh', '-c', `PATH=${bin}\n${script}`], { allowFailure: true });
  return { name: 'python-only', run: (argv) => sh(argv.join(' ')), sh, close: async () => undefined };
}

describe.runIf(ready)('health.url with an IPv6 zone id, probed by curl, python3 and BusyBox wget', { timeout: 180_000 }, () => {
  let server: LinkLocalServer;
  let tmp = '';
  let python: Executor;
  let busybox: Executor;

  beforeAll(async () => {
    server = await startLinkLocalServer();
    tmp = await makeTempDir('gd-zone');
    await mkdir(join(tmp, 'bin'));
    await symlink('/usr/bin/python3', join(tmp, 'bin', 'python3'));
    python = pythonOnlyHost(join(tmp, 'bin'));
    busybox = containerHost(await buildBusyboxBaseImage());
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (tmp) await removeTree(tmp);
  });

  const probe = (host: Executor, url: string) => waitForHttp(host, { url, timeoutMs: 0, body: '^zone ok$' }, 50);

  it('the hosts have the clients they stand for', async () => {
    expect((await python.sh('command -v curl wget; command -v python3')).stdout.trim()).toBe(join(tmp, 'bin', 'python3'));
    expect((await busybox.sh('command -v curl python3; wget --help 2>&1 | head -1')).stdout).toMatch(/^BusyBox/);
  });

  it('a bare "%<interface>": curl, python3 and BusyBox wget all reach the server, and the config takes the URL', async () => {
    const url = server.url('%');
    await probe(local, url);
    await probe(python, url);
    await probe(busybox, url);
    const yaml = `version: 1\ncompose: {directory: ., files: [docker-compose.yml], project: app}\ntargets:\n  prod:\n    strategy: compose\n    host: d@127.0.0.1\n    path: /srv/app\n    health: {url: "${url}"}\n`;
    expect(parseConfig(yaml, 'deploy.yml').targets.prod!.health).toMatchObject({ url });
  });

  it('"%25<interface>" (RFC 6874): curl and python3 reach it, BusyBox wget refuses it (what doctor warns about)', async () => {
    const url = server.url('%25');
    await probe(local, url);
    await probe(python, url);
    // BusyBox wget says "bad address" into the probe's status parse: Verify sees no answer at all
    await expect(probe(busybox, url)).rejects.toThrow(/HTTP no answer from/);
    expect((await busybox.sh(`wget -q -O - ${JSON.stringify(url)} 2>&1`)).stdout).toContain('bad address');
  });
});
