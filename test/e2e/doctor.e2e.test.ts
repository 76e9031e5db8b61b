/**
 * `gitops-deploy doctor` on real hosts (sshd on loopback, the shared dockerd, MariaDB): a healthy
 * host gives every check ok (exit 0); a broken one, logged in as a user outside the docker group,
 * with no rsync on its PATH and a wrong database password in <path>/shared/.env, gives exactly
 * those failures with their fixes (exit 1).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb } from './harness/databases.js';
import { dockerAvailable } from './harness/docker.js';
import { freePort } from './harness/ports.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + docker + MariaDB', sshdAvailable() && (await dockerAvailable()) && (await ensureMariadb()));
const id = randomBytes(4).toString('hex');
const DB = `gd_doctor_${id}`;
const USER = `gddoc${id}`;
const PASSWORD = `pw-${id}`;

/** A bin directory holding every command of the system PATH but rsync. */
async function pathWithoutRsync(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const from of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'])
    for (const name of readdirSync(from)) if (name !== 'rsync') await symlink(join(from, name), join(dir, name)).catch(() => undefined);
  return dir;
}

describe.runIf(ready)('doctor on the e2e harness', () => {
  let good: SshdHandle;
  let bad: SshdHandle;
  let tmp = '';
  let http: Server;
  let userMade = false;
  const check = (json: { doctor: { check: string; status: string; detail: string; fix?: string }[] }, name: string) =>
    json.doctor.filter((c) => c.check === name);

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-doctor');
    const port = await freePort();
    http = createServer((_q, r) => r.end('ok')).listen(port, '127.0.0.1');
    await createMariadbDb(DB, DB, PASSWORD);
    execFileSync('useradd', ['-M', '-N', '-d', '/nonexistent', '-s', '/bin/sh', USER]);
    userMade = true;
    execFileSync('usermod', ['-p', '*', USER]); // not locked ("!"): sshd without PAM refuses locked accounts
    good = await startSshd();
    bad = await startSshd({ extra: [`SetEnv PATH=${await pathWithoutRsync(join(tmp, 'bin'))}`] });
    for (const [name, pw] of [
      ['good', PASSWORD],
      ['bad', 'wrong-password'],
    ] as const) {
      await mkdir(join(tmp, name, 'app', 'shared'), { recursive: true });
      await writeFile(join(tmp, name, 'app', 'shared', '.env'), `DB_PASSWORD=${pw}\n`);
    }
    execFileSync('chown', ['-R', `${USER}:`, join(tmp, 'bad')]);
    await chmod(join(tmp, 'bad', 'app', 'shared', '.env'), 0o600);
    const target = (name: string, host: string, sshPort: number) =>
      `  ${name}:\n    strategy: compose\n    host: ${host}@127.0.0.1\n    port: ${sshPort}\n    path: ${join(tmp, name, 'app')}\n    shared: [.env, media/]\n` +
      `    backup: {engine: mariadb, database: ${DB}, user: ${DB}, host: 127.0.0.1, password_env: DB_PASSWORD}\n` +
      `    health: {url: "http://127.0.0.1:${port}/health/"}\n`;
    await writeFile(
      join(tmp, 'deploy.yml'),
      `version: 1\ncompose: {project: gddoctor${id}}\ntargets:\n${target('good', 'root', good.port)}${target('bad', USER, bad.port)}`,
    );
  }, 120_000);

  afterAll(async () => {
    http?.close();
    await dropMariadbDb(DB, DB).catch(() => undefined);
    await good?.stop();
    await bad?.stop();
    if (userMade) execFileSync('userdel', [USER]);
    if (tmp) await removeTree(tmp);
  });

  const doctor = (target: string, sshd: SshdHandle) =>
    runCli(['doctor', '--config', join(tmp, 'deploy.yml'), '--target', target, '--json'], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
    });

  it('a healthy host: every check ok, exit 0', async () => {
    const r = await doctor('good', good);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const names = r.json.doctor.map((c: { check: string }) => c.check);
    expect(names).toEqual(['host key', 'docker', 'compose', 'write access', 'free disk', 'rsync', 'shared file', 'backup', 'health']);
    expect(r.json.doctor.filter((c: { status: string }) => c.status !== 'ok')).toEqual([]);
    const text = await runCli(['doctor', '--config', join(tmp, 'deploy.yml'), '--target', 'good'], {
      GITOPS_SSH_KEY: good.clientKey,
      GITOPS_KNOWN_HOSTS: good.knownHosts,
    });
    expect(text.stdout).toMatch(/^ok {4}rsync {9}rsync {2}version/m);
  }, 120_000);

  it('a broken host: docker denied, no rsync, wrong DB password → those FAIL lines with their fixes, exit 1', async () => {
    const r = await doctor('bad', bad);
    expect(r.code, r.stderr).toBe(1);
    const [docker] = check(r.json, 'docker');
    expect(docker).toMatchObject({ status: 'fail', detail: expect.stringMatching(/permission denied/i) });
    expect(docker!.fix).toContain(`sudo usermod -aG docker ${USER}`);
    expect(check(r.json, 'rsync')[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('install rsync') });
    const [backup] = check(r.json, 'backup');
    expect(backup).toMatchObject({ status: 'fail', detail: expect.stringMatching(/Access denied for user/) });
    expect(backup!.fix).toContain(`DB_PASSWORD in ${join(tmp, 'bad', 'app', 'shared', '.env')}`);
    expect(r.stdout + r.stderr).not.toContain('wrong-password');
    for (const ok of ['host key', 'write access', 'shared file', 'health']) expect(check(r.json, ok)[0]?.status, ok).toBe('ok');
    expect(r.json.error).toMatch(/3 checks failed: docker, rsync, backup/);
  }, 120_000);

  it('a target with two hosts: every host is checked, and the one without rsync fails by name (exit 1)', async () => {
    // the good host first (primary), then the host whose PATH has no rsync, both as root with the good key
    await appendFile(join(bad.dir, 'authorized_keys'), await readFile(join(good.dir, 'client_ed25519.pub')));
    const config = (await readFile(join(tmp, 'deploy.yml'), 'utf8')).replace(
      /\n {2}good:\n {4}strategy: compose\n {4}host: root@127\.0\.0\.1\n {4}port: \d+\n/,
      `\n  pair:\n    strategy: compose\n    hosts: [root@127.0.0.1:${good.port}, root@127.0.0.1:${bad.port}]\n`,
    );
    expect(config).toContain('  pair:');
    await writeFile(join(tmp, 'pair.yml'), config);
    const r = await runCli(['doctor', '--config', join(tmp, 'pair.yml'), '--target', 'pair', '--json'], {
      GITOPS_SSH_KEY: good.clientKey,
      GITOPS_KNOWN_HOSTS: good.knownHosts + bad.knownHosts,
    });
    expect(r.code, r.stderr + r.stdout).toBe(1);
    const [first, second] = [`root@127.0.0.1:${good.port}`, `root@127.0.0.1:${bad.port}`];
    const rsync = check(r.json, 'rsync') as { status: string; host?: string }[];
    expect(rsync.map((c) => [c.host, c.status])).toEqual([
      [first, 'ok'],
      [second, 'fail'],
    ]);
    expect(check(r.json, 'docker').map((c) => c.status)).toEqual(['ok', 'ok']);
    expect(r.json.error).toMatch(/1 check failed: rsync/);
    const text = await runCli(['doctor', '--config', join(tmp, 'pair.yml'), '--target', 'pair'], {
      GITOPS_SSH_KEY: good.clientKey,
      GITOPS_KNOWN_HOSTS: good.knownHosts + bad.knownHosts,
    });
    expect(text.stdout).toContain(`FAIL  rsync         ${second}: rsync is not on the PATH`);
  }, 120_000);

  it('two hosts, the second with a host key that does not match: the failing line and its ssh-keyscan fix name the second', async () => {
    const knownHosts = good.knownHosts + bad.knownHosts.replace(bad.hostKeyPub, good.hostKeyPub);
    const r = await runCli(['doctor', '--config', join(tmp, 'pair.yml'), '--target', 'pair', '--json'], {
      GITOPS_SSH_KEY: good.clientKey,
      GITOPS_KNOWN_HOSTS: knownHosts,
    });
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.json.doctor).toEqual([expect.objectContaining({ check: 'host key', status: 'fail', host: `root@127.0.0.1:${bad.port}` })]);
    expect(r.json.doctor[0].fix).toContain(`ssh-keyscan -p ${bad.port} 127.0.0.1,`);
  }, 60_000);

  it('a swarm target on an engine that is no swarm manager (every deploy fails there): the swarm check fails, exit 1', async () => {
    const [control, state] = execFileSync('docker', ['info', '--format', '{{.Swarm.ControlAvailable}} {{.Swarm.LocalNodeState}}'], {
      encoding: 'utf8',
    })
      .trim()
      .split(' ');
    await writeFile(
      join(tmp, 'swarm.yml'),
      `version: 1\ncompose: {project: gdswarm${id}}\ntargets:\n  sw:\n    strategy: swarm\n    host: root@127.0.0.1\n    port: ${good.port}\n` +
        `    path: ${join(tmp, 'good', 'app')}\n    stack: gdswarm${id}\n    build: {on: runner, registry: "127.0.0.1:5999"}\n`,
    );
    const r = await runCli(['doctor', '--config', join(tmp, 'swarm.yml'), '--json'], {
      GITOPS_SSH_KEY: good.clientKey,
      GITOPS_KNOWN_HOSTS: good.knownHosts,
    });
    if (control === 'true') {
      expect(check(r.json, 'swarm')).toEqual([expect.objectContaining({ status: 'ok' })]);
      return;
    }
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(check(r.json, 'swarm')).toEqual([
      expect.objectContaining({ status: 'fail', detail: expect.stringContaining(`not a swarm manager (swarm: ${state})`) }),
    ]);
    expect(check(r.json, 'swarm')[0]!.fix).toContain('docker swarm init');
  }, 60_000);

  it('a held deploy lock: stale without heartbeat → FAIL with the force-unlock fix (exit 1); a live one → warn (exit 0)', async () => {
    const lock = join(tmp, 'good', 'app', '.deploy', 'lock');
    const info = (heartbeatSeconds?: number) =>
      JSON.stringify({
        runId: 'run-9',
        sha: 'a'.repeat(40),
        actor: 'eve',
        command: 'deploy',
        time: new Date().toISOString(),
        heartbeatSeconds,
      });
    await mkdir(lock, { recursive: true });
    try {
      await writeFile(join(lock, 'info.json'), info());
      const old = new Date(Date.now() - 3 * 3600_000);
      await utimes(join(lock, 'info.json'), old, old);
      const stale = await doctor('good', good);
      expect(stale.code, stale.stderr + stale.stdout).toBe(1);
      expect(check(stale.json, 'lock')).toEqual([
        expect.objectContaining({ status: 'fail', detail: expect.stringMatching(/^deploy lock is stale: held by run run-9 by eve/) }),
      ]);
      expect(check(stale.json, 'lock')[0]!.fix).toContain('--force-unlock');
      expect(stale.json.error).toMatch(/1 check failed: lock/);
      await writeFile(join(lock, 'info.json'), info(10));
      const live = await doctor('good', good);
      expect(live.code, live.stderr + live.stdout).toBe(0);
      expect(check(live.json, 'lock')).toEqual([
        expect.objectContaining({ status: 'warn', detail: expect.stringMatching(/^held by run run-9/) }),
      ]);
    } finally {
      await removeTree(join(tmp, 'good', 'app', '.deploy'));
    }
  }, 120_000);

  it('a host key that does not match: the host key check fails with the ssh-keyscan fix', async () => {
    const r = await runCli(['doctor', '--config', join(tmp, 'deploy.yml'), '--target', 'good', '--json'], {
      GITOPS_SSH_KEY: good.clientKey,
      GITOPS_KNOWN_HOSTS: bad.knownHosts.replace(`]:${bad.port} `, `]:${good.port} `),
    });
    expect(r.code).toBe(1);
    expect(r.json.doctor).toEqual([expect.objectContaining({ check: 'host key', status: 'fail' })]);
    expect(r.json.doctor[0].fix).toContain(`ssh-keyscan -p ${good.port} 127.0.0.1`);
  }, 60_000);
});
