/**
 * Issue #10, passenger part: a rolling deploy of the passenger-app fixture over two shared-hosting
 * accounts. Each account is a network namespace host (its own sshd, its own address) whose sshd
 * and Apache + Passenger run with a private view of the deploy path (the accounts share no file,
 * as two machines would), and both Apaches answer on the same port of their own 127.0.0.1, which
 * the health check requests from each account. One deploy key, one known_hosts with both host keys.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable, startApache, type ApacheServer } from './harness/apache.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from './harness/netns-host.js';
import {
  PASSENGER_FIXTURE,
  passengerHost,
  passengerTargetYaml,
  pythonVenvAvailable,
  type PassengerHost,
} from './harness/passenger-hosts.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate(
  'root + ip netns + nsenter + sshd + apache2 + mod_passenger + python3-venv',
  netnsAvailable() && apacheAvailable() && pythonVenvAvailable(),
);

const HTACCESS = '# kept by every deploy\n';

/** v3 of the app needs MAIL_FROM in its .env (a shared file): an account whose .env lacks it fails at start. */
const needsMailFrom = (wsgi: string): string =>
  wsgi.replace(
    'VERSION = _read("VERSION", "unknown")',
    'VERSION = _read("VERSION", "unknown")\nif "MAIL_FROM=" not in _read(".env"):\n    raise RuntimeError("MAIL_FROM is not set in .env")',
  );

interface Account {
  host: NetnsHost;
  apache: ApacheServer;
  /** what this account has at the deploy path, seen from the test */
  real: (p: string) => string;
}

describe.runIf(ready)('passenger rolling deploy over two shared-hosting accounts (issue #10)', () => {
  let net: NetnsNetwork | undefined;
  let tmp = '';
  let repo: AppRepo;
  let env: Record<string, string>;
  /** the deploy path, public_html, .env and database as each account (and the config) names them */
  let site: PassengerHost;
  const accounts: Account[] = [];
  const shas: Record<string, string> = {};
  const deploy = () => runCli(['deploy', '--repo', repo.dir, '--target', 'prod', '--json'], env);
  const state = (a: Account) =>
    JSON.parse(readFileSync(a.real(join(site.path, '.deploy', 'state.json')), 'utf8')) as {
      current: string;
      releases: { id: string; at: string; result: string }[];
    };
  const page = async (a: Account): Promise<string> => {
    const res = await fetch(`${a.apache.url}/`, { signal: AbortSignal.timeout(20_000) });
    return `${res.status} ${(await res.text()).trim()}`;
  };
  const read = (a: Account, p: string): string => readFileSync(a.real(p), 'utf8');

  beforeAll(async () => {
    tmp = await makeTempDir('gd-passenger-hosts');
    site = await passengerHost(tmp, 'site');
    const privatePath = join(tmp, 'site');
    await mkdir(privatePath, { recursive: true, mode: 0o755 });
    net = await createNetnsHosts(2, { privatePath });
    const key = readFileSync(join(net.hosts[0]!.dir, 'client_ed25519.pub'));
    for (const [i, host] of net.hosts.entries()) {
      await writeFile(join(host.dir, 'authorized_keys'), key);
      const real = (p: string): string => join(host.view!, p.slice(privatePath.length));
      await mkdir(real(join(site.appDir, 'storage')), { recursive: true });
      await writeFile(real(join(site.appDir, '.env')), `SECRET_KEY=account-${i + 1}\n`);
      await writeFile(real(join(site.appDir, 'storage', 'upload.bin')), `upload of account ${i + 1}\n`);
      await mkdir(real(site.publicHtml), { recursive: true });
      await writeFile(real(join(site.publicHtml, '.htaccess')), HTACCESS);
      const dir = join(tmp, `apache-${i + 1}`);
      await mkdir(dir, { mode: 0o755 });
      const apache = await startApache({
        appRoot: join(site.path, 'current', 'backend'),
        port: site.port,
        dir,
        publicHtml: site.publicHtml,
        env: { APP_DB: site.db },
        namespacesOf: host.sshdPid,
        alsoListen: host.ip,
      });
      accounts.push({ host, apache, real });
    }
    env = { GITOPS_SSH_KEY: net.hosts[0]!.clientKey, GITOPS_KNOWN_HOSTS: net.hosts.map((h) => h.knownHosts).join('') };
    const target = passengerTargetYaml('prod', { hosts: net.hosts.map((h) => h.target) }, site);
    repo = await createAppRepo(PASSENGER_FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': `version: 1\ntargets:\n${target}` });
    shas.v1 = repo.head();
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    for (const a of accounts) await a.apache.stop();
    await net?.teardown();
    if (tmp) await removeTree(tmp);
  }, 120_000);

  it('(a) a change rolls out to account 1, then account 2; both Apaches serve it', async () => {
    for (const a of accounts) expect(await page(a)).toBe('200 version=1.0.0 value=none');
    const index = readFileSync(join(repo.dir, 'frontend/src/index.html'), 'utf8').replace('frontend-build-ok', 'frontend-v2');
    shas.v2 = await repo.commit('v2', { 'backend/VERSION': '2.0.0\n', 'frontend/src/index.html': index });
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    const hosts = r.json.hosts as { host: string; previous: string; result: string; phases: { name: string }[] }[];
    expect(hosts.map((h) => [h.host, h.previous, h.result])).toEqual(accounts.map((a) => [a.host.target, shas.v1, 'deployed']));
    // one frontend build, on the runner for account 1; account 2 gets the same files
    expect(hosts.map((h) => h.phases.some((p) => p.name === 'Frontend build'))).toEqual([true, false]);
    expect(r.stderr.split('\n').filter((l) => l.includes('▶ Frontend build'))).toHaveLength(1);
    expect(r.stderr).toContain('made for an earlier host is synced (one build per deploy)');
    // the log: account 1's part (its switch) ends before account 2's starts
    const [a1, a2] = accounts as [Account, Account];
    const log = r.stderr;
    const part2 = log.indexOf(`── host 2 of 2: ${a2.host.target}`);
    expect(log.indexOf(`── host 1 of 2: ${a1.host.target} (primary)`)).toBeGreaterThan(-1);
    expect(part2).toBeGreaterThan(log.indexOf(`── host 1 of 2: ${a1.host.target}`));
    expect(log.indexOf('✔ Switch')).toBeLessThan(part2);
    expect(log.indexOf('✔ Switch', part2)).toBeGreaterThan(part2);
    const rollout = r.json.rollout as { hosts: string[]; at: string; ms: number }[];
    expect(rollout.map((b) => b.hosts)).toEqual(accounts.map((a) => [a.host.target]));
    // account 2's batch starts after account 1's ended (`ms` is rounded: 1 ms slack)
    expect(Date.parse(rollout[1]!.at)).toBeGreaterThanOrEqual(Date.parse(rollout[0]!.at) + rollout[0]!.ms - 1);
    const at = accounts.map((a) => state(a).releases.find((x) => x.id === shas.v2)!.at);
    expect(at[0]! < at[1]!).toBe(true);
    for (const a of accounts) {
      expect(state(a).current).toBe(shas.v2);
      expect(await page(a)).toBe('200 version=2.0.0 value=none');
      expect(read(a, join(site.publicHtml, 'index.html'))).toContain('frontend-v2');
      expect(read(a, join(site.publicHtml, '.htaccess'))).toBe(HTACCESS);
    }
  }, 300_000);

  it('(b) v3 fails its health check on account 2 only: both go back to v2, the run fails, shared files kept', async () => {
    const [a1, a2] = accounts as [Account, Account];
    // the operator set the new setting on account 1 only
    const envFile = join(site.appDir, '.env');
    await writeFile(a1.real(envFile), 'SECRET_KEY=account-1\nMAIL_FROM=app@example.org\n');
    const shared = accounts.map((a) => [read(a, envFile), read(a, join(site.appDir, 'storage', 'upload.bin'))]);
    const wsgi = needsMailFrom(readFileSync(join(repo.dir, 'backend/passenger_wsgi.py'), 'utf8'));
    expect(wsgi).toContain('MAIL_FROM is not set');
    const index = readFileSync(join(repo.dir, 'frontend/src/index.html'), 'utf8').replace('frontend-v2', 'frontend-v3');
    shas.v3 = await repo.commit('v3', {
      'backend/VERSION': '3.0.0\n',
      'backend/passenger_wsgi.py': wsgi,
      'frontend/src/index.html': index,
    });
    const r = await deploy();
    expect(r.code).not.toBe(0);
    const hosts = r.json.hosts as { host: string; previous: string; result: string }[];
    expect(hosts.map((h) => [h.host, h.previous, h.result])).toEqual([
      [a1.host.target, shas.v2, 'reverted'],
      [a2.host.target, shas.v2, 'failed'],
    ]);
    // account 2 failed for the reason given it: v3 did not start without MAIL_FROM
    expect(r.json.error).toContain('HTTP 500');
    expect(readFileSync(a2.apache.errorLog, 'utf8')).toContain('MAIL_FROM is not set in .env');
    expect(readFileSync(a1.apache.errorLog, 'utf8')).not.toContain('MAIL_FROM is not set');
    expect(r.stderr).toContain(`── host 1 of 2: ${a1.host.target}: back to the release it had (another host failed)`);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`\\| ${a2.host.target} \\|.*failed`));
    expect(state(a1).releases.find((x) => x.id === shas.v3)!.result).toBe('rolled-back');
    for (const [i, a] of accounts.entries()) {
      expect(state(a).current).toBe(shas.v2);
      expect(await page(a)).toBe('200 version=2.0.0 value=none');
      expect(read(a, join(site.publicHtml, 'index.html'))).toContain('frontend-v2');
      expect(read(a, join(site.publicHtml, '.htaccess'))).toBe(HTACCESS);
      expect([read(a, envFile), read(a, join(site.appDir, 'storage', 'upload.bin'))]).toEqual(shared[i]);
      expect(existsSync(a.real(join(site.path, 'releases', shas.v2!, 'backend', 'passenger_wsgi.py')))).toBe(true);
    }
  }, 300_000);
});
