/**
 * A host reached over IPv6 only, on real components: sshd listens on ::1 alone (nothing on
 * 127.0.0.1), the target is `root@[::1]` on a non-22 port, known_hosts holds the key as OpenSSH
 * writes it (`[::1]:PORT ssh-ed25519 …`), and health.url is `http://[::1]:PORT/`. The compose
 * fixture deploys end to end (ssh2 commands, rsync over the OpenSSH ControlMaster, the backup, the
 * health probe), then again through `hosts:` with the `[::1]:PORT` entry spelling.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { createComposeSite, type ComposeSite } from './harness/compose-site.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ipv6Loopback = readFileSync('/proc/net/if_inet6', 'utf8').includes('00000000000000000000000000000001');
const ready = gate(
  'sshd + docker engine + docker-compose v1 + IPv6 loopback (::1)',
  sshdAvailable() && (await dockerAvailable()) && ipv6Loopback,
);

/** An HTTP server on ::1 only, counting the requests (what health.url probes from the host). */
function appOnIpv6(): Promise<{ server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ipv6 ok');
  });
  return new Promise((r) => server.listen(0, '::1', () => r({ server, hits: () => hits })));
}

describe.runIf(ready)('deploy to a host addressed by IPv6 ([::1], non-22 port)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let site: ComposeSite;
  let app: Awaited<ReturnType<typeof appOnIpv6>>;
  const project = uniqueProject('gdv6');
  const hostsConfig = (yaml: string, port: number) => yaml.replace('host: root@[::1]', `hosts: ["root@[::1]:${port}"]`);

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd({ address: '::1' });
    tmp = await makeTempDir('gitops-e2e-ipv6');
    app = await appOnIpv6();
    const url = `http://[::1]:${(app.server.address() as AddressInfo).port}/`;
    site = await createComposeSite({
      dir: tmp,
      project,
      host: 'root@[::1]',
      port: sshd.port,
      path: join(tmp, 'host', 'app'),
      knownHosts: sshd.knownHosts,
      clientKey: sshd.clientKey,
      lockTtl: '60s',
      editConfig: (yaml) =>
        yaml.replace(
          'health: {services: true, timeout: 60s}',
          `health: {services: true, timeout: 60s, url: "${url}", expect_body: ipv6 ok}`,
        ),
    });
  }, 600_000);

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    await new Promise<void>((r) => (app ? app.server.close(() => r()) : r()));
    if (tmp) await removeTree(tmp);
  });

  it('the harness sshd answers on ::1 only, and known_hosts is in the bracketed form', () => {
    expect(sshd.host).toBe('::1');
    expect(sshd.knownHosts).toMatch(new RegExp(`^\\[::1\\]:${sshd.port} ssh-ed25519 `));
  });

  it('the first deploy (run by the site set-up) synced, started the stack, backed up and probed health.url over IPv6', async () => {
    expect(site.link()).toBe(site.repo.head());
    expect(site.state().current).toBe(site.repo.head());
    expect(Object.keys(await containerIds(project))).toContain('web');
    expect(readFileSync(site.at('shared', '.env'), 'utf8')).toBe('SECRET_KEY=keep-me\n');
    expect(app.hits()).toBeGreaterThan(0);
    // the first upload is the full rsync (user@[::1]:path over the OpenSSH ControlMaster)
    expect(site.first.stderr).toMatch(/rsync: \d+ files sent/);
  });

  it('a change deploys as a diff upload over IPv6, health.url probed again', async () => {
    const before = app.hits();
    await site.repo.commit('template', { 'app/templates/index.html': '<h1>v6</h1>\n' });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toBe('success');
    expect(r.json.plan.build).toEqual(['web']);
    expect(site.link()).toBe(site.repo.head());
    expect(readFileSync(site.at('current', 'app', 'templates', 'index.html'), 'utf8')).toBe('<h1>v6</h1>\n');
    expect(app.hits()).toBeGreaterThan(before);
  });

  it('the same host as a hosts: entry "root@[::1]:PORT" deploys too (status and doctor name it)', async () => {
    const config = join(site.repo.dir, '.github', 'deploy.yml');
    await site.repo.commit('hosts entry', {
      '.github/deploy.yml': hostsConfig(readFileSync(config, 'utf8'), sshd.port),
      'app/templates/index.html': '<h1>hosts</h1>\n',
    });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(site.at('current', 'app', 'templates', 'index.html'), 'utf8')).toBe('<h1>hosts</h1>\n');
    const doctor = await runCli(['doctor', '--repo', site.repo.dir, '--target', 'vps', '--json'], site.env);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toContain(`root@[::1]:${sshd.port}`);
  });

  it('doctor with a host key that does not match: its fix is an ssh-keyscan command that reaches [::1] and prints its key', async () => {
    const wrong = `[::1]:${sshd.port} ${readFileSync(join(sshd.dir, 'client_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
    const r = await runCli(['doctor', '--repo', site.repo.dir, '--target', 'vps', '--json'], { ...site.env, GITOPS_KNOWN_HOSTS: wrong });
    expect(r.code).toBe(1);
    const fix: string = r.json.doctor[0].fix;
    const command = /run (ssh-keyscan -p \d+ \S+),/.exec(fix)?.[1];
    expect(command, fix).toBe(`ssh-keyscan -p ${sshd.port} ::1`);
    const scanned = execFileSync('sh', ['-c', `${command} 2>/dev/null`], { encoding: 'utf8' });
    expect(scanned).toContain(sshd.hostKeyPub);
    // what it prints is a known_hosts the deploy takes
    const again = await runCli(['doctor', '--repo', site.repo.dir, '--target', 'vps', '--json'], {
      ...site.env,
      GITOPS_KNOWN_HOSTS: scanned,
    });
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('with --host-fingerprint instead of known_hosts: a deploy and a backup over IPv6', async () => {
    const fp = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]!;
    const env = { GITOPS_SSH_KEY: sshd.clientKey };
    await site.repo.commit('fingerprint', { 'app/templates/index.html': '<h1>fp</h1>\n' });
    const r = await runCli([...site.args(), '--host-fingerprint', fp], env);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(site.at('current', 'app', 'templates', 'index.html'), 'utf8')).toBe('<h1>fp</h1>\n');
    const backup = await runCli(['backup', '--repo', site.repo.dir, '--target', 'vps', '--json', '--host-fingerprint', fp], env);
    expect(backup.code, backup.stderr).toBe(0);
  });

  it('health.url with an IPv6 address left unbracketed (http://::1:PORT/) is refused before anything changes, exit 2', async () => {
    const config = join(site.repo.dir, '.github', 'deploy.yml');
    const good = readFileSync(config, 'utf8');
    const live = site.link();
    const bad = good.replace(/url: "http:\/\/\[::1\]:(\d+)\/"/, 'url: "http://::1:$1/"');
    expect(bad).not.toBe(good);
    await site.repo.commit('unbracketed health url', { '.github/deploy.yml': bad, 'app/templates/index.html': '<h1>never</h1>\n' });
    const r = await runCli(site.args(), site.env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('health.url: expected an http:// or https:// URL (an IPv6 address in brackets: http://[::1]:8000/)');
    expect(site.link()).toBe(live);
    expect(readFileSync(site.at('current', 'app', 'templates', 'index.html'), 'utf8')).toBe('<h1>fp</h1>\n');
    await site.repo.commit('health url back', { '.github/deploy.yml': good });
  });
});
