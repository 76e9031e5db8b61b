/**
 * A new user's first deploys over a real sshd (loopback) and the shared dockerd, on hosts not yet
 * prepared as docs/prepare-server.md says: the deploy user outside the docker group, no rsync on
 * the host. `doctor` names those (test/e2e/doctor.e2e.test.ts); a deploy run without it must name
 * the fix too, not only echo the failing command.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE, removeProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + docker engine + compose', sshdAvailable() && (await dockerAvailable()));
const id = randomBytes(4).toString('hex');
const USER = `gdfh${id}`;
const PROJECT = `gdfirsthour${id}`;

/** A bin directory holding every command of the system PATH but rsync. */
async function pathWithoutRsync(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const from of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'])
    for (const name of readdirSync(from)) if (name !== 'rsync') await symlink(join(from, name), join(dir, name)).catch(() => undefined);
  return dir;
}

describe.runIf(ready)('first deploys on a host not prepared yet: the error names the fix', { timeout: 300_000 }, () => {
  let sshd: SshdHandle;
  let noRsync: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let userMade = false;

  const config = (name: string, user: string, port: number) =>
    `version: 1\ncompose: {project: ${PROJECT}${name}}\ntargets:\n  production:\n    strategy: compose\n` +
    `    host: ${user}@127.0.0.1\n    port: ${port}\n    path: ${join(tmp, name, 'app')}\n`;
  const deploy = async (name: string, user: string, server: SshdHandle) => {
    await writeFile(join(tmp, `${name}.yml`), config(name, user, server.port));
    return runCli(['deploy', '--repo', repo.dir, '--config', join(tmp, `${name}.yml`), '--target', 'production'], {
      GITOPS_SSH_KEY: server.clientKey,
      GITOPS_KNOWN_HOSTS: server.knownHosts,
    });
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-firsthour');
    await mkdir(join(tmp, 'fixture'));
    repo = await createAppRepo(join(tmp, 'fixture'), join(tmp, 'repo'), {
      'docker-compose.yml': `services:\n  web:\n    image: ${FIXTURE_BASE_IMAGE}\n    command: ["sleep", "3600"]\n    network_mode: none\n`,
    });
    execFileSync('useradd', ['-M', '-N', '-d', '/nonexistent', '-s', '/bin/sh', USER]);
    userMade = true;
    execFileSync('usermod', ['-p', '*', USER]); // not locked ("!"): sshd without PAM refuses locked accounts
    await mkdir(join(tmp, 'nodocker', 'app'), { recursive: true });
    execFileSync('chown', ['-R', `${USER}:`, join(tmp, 'nodocker')]);
    sshd = await startSshd();
    noRsync = await startSshd({ extra: [`SetEnv PATH=${await pathWithoutRsync(join(tmp, 'bin'))}`] });
  }, 120_000);

  afterAll(async () => {
    await removeProject(`${PROJECT}nodocker`);
    await removeProject(`${PROJECT}norsync`);
    await removeProject(`${PROJECT}env`);
    await sshd?.stop();
    await noRsync?.stop();
    if (userMade) execFileSync('userdel', [USER]);
    if (tmp) await removeTree(tmp);
  });

  it('the deploy user is not in the docker group: the failure says sudo usermod -aG docker', async () => {
    const r = await deploy('nodocker', USER, sshd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/permission denied while trying to connect to the Docker daemon socket/);
    expect(r.stderr).toContain('sudo usermod -aG docker');
  });

  it('the deploy path is under a directory the deploy user cannot write: the failure gives the mkdir/chown fix, exit 1', async () => {
    await mkdir(join(tmp, 'rootonly'), { mode: 0o755 });
    const r = await deploy('rootonly', USER, sshd);
    expect(r.code).toBe(1);
    const path = join(tmp, 'rootonly', 'app');
    expect(r.stderr).toContain(`Permission denied`);
    expect(r.stderr).toContain(`fix: sudo mkdir -p ${path} && sudo chown <deploy user>: ${path}`);
  });

  it('a deploy path with a space: the mkdir/chown fix of the deploy and of doctor, run as printed, prepares that very path', async () => {
    const parent = join(tmp, 'root only');
    await mkdir(parent, { mode: 0o755 });
    const path = join(parent, 'app');
    const file = join(tmp, 'spaced.yml');
    await writeFile(file, config('spaced', USER, sshd.port).replace(/path: .*\n/, `path: "${path}"\n`));
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const args = ['--repo', repo.dir, '--config', file, '--target', 'production'];
    const [deployed, doctor] = [await runCli(['deploy', ...args], env), await runCli(['doctor', ...args], env)];
    expect(deployed.code).toBe(1);
    const fixes = [deployed.stderr, doctor.stdout].map((out) => /fix: (sudo mkdir -p .*?)(?: \(docs\/|$)/m.exec(out)?.[1]);
    expect(fixes.every(Boolean), `${deployed.stderr}\n${doctor.stdout}`).toBe(true);
    for (const fix of fixes) {
      await removeTree(path);
      execFileSync('sh', ['-c', fix!.replaceAll('sudo ', '').replace('<deploy user>', USER)], { cwd: tmp });
      expect(statSync(path).uid).toBe(Number(execFileSync('id', ['-u', USER]).toString()));
      expect(readdirSync(tmp).filter((n) => ['root', 'app', 'only'].includes(n))).toEqual([]);
    }
  });

  it('rsync is not installed on the host: the failure says to install it there', async () => {
    const r = await deploy('norsync', 'root', noRsync);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rsync: (command )?not found/);
    expect(r.stderr).toMatch(/install rsync on the host/);
  });

  it('a compose env_file whose shared copy is not on the host (the user expected their .env uploaded): the failure names <path>/shared/.env', async () => {
    const app = await createAppRepo(join(tmp, 'fixture'), join(tmp, 'envrepo'), {
      'docker-compose.yml': `services:\n  web:\n    image: ${FIXTURE_BASE_IMAGE}\n    command: ["sleep", "3600"]\n    network_mode: none\n    env_file: .env\n`,
      '.gitignore': '.env\n',
      '.env': 'SECRET=only-on-the-laptop\n',
    });
    await writeFile(join(tmp, 'env.yml'), `${config('env', 'root', sshd.port)}    shared: [.env]\n`);
    const r = await runCli(['deploy', '--repo', app.dir, '--config', join(tmp, 'env.yml')], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
    });
    expect(r.code).toBe(1);
    const shared = join(tmp, 'env', 'app', 'shared', '.env');
    expect(r.stderr).toContain(`fix: ${shared} is missing on the host: a deploy never uploads it`);
    expect(r.stderr).toContain(`install -m 600 /dev/null ${shared}`);
    expect(r.stderr + r.stdout).not.toContain('only-on-the-laptop');
  });

  it('a deploy key with a passphrase, or GITOPS_SSH_KEY set to its file name: exit 2 before connecting, the fix named', async () => {
    const key = join(tmp, 'pass_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', key]);
    execFileSync('sh', ['-c', 'cat "$0.pub" >> "$1/authorized_keys"', key, sshd.dir]);
    await writeFile(join(tmp, 'keys.yml'), config('keys', 'root', sshd.port));
    const run = (env: Record<string, string>) =>
      runCli(['deploy', '--repo', repo.dir, '--config', join(tmp, 'keys.yml')], { GITOPS_KNOWN_HOSTS: sshd.knownHosts, ...env });
    const pass = await run({ GITOPS_SSH_KEY: readFileSync(key, 'utf8') });
    expect(pass.code).toBe(2);
    expect(pass.stderr).toContain(
      "A deploy cannot type a passphrase: use a deploy key without one (ssh-keygen -t ed25519 -N '' -f deploy_key)",
    );
    const path = await run({ GITOPS_SSH_KEY: key });
    expect(path.code).toBe(2);
    expect(path.stderr).toContain('pass the key\'s text, not its file name: GITOPS_SSH_KEY="$(cat deploy_key)"');
    expect(existsSync(join(tmp, 'keys'))).toBe(false);
  });

  it('no known_hosts line for the host yet: refused (never trusted on first use), the message gives the ssh-keyscan command', async () => {
    await writeFile(join(tmp, 'scan.yml'), config('scan', 'root', sshd.port));
    for (const knownHosts of ['', `127.0.0.1 ${sshd.hostKeyPub}\n`]) {
      const r = await runCli(['doctor', '--repo', repo.dir, '--config', join(tmp, 'scan.yml')], {
        GITOPS_SSH_KEY: sshd.clientKey,
        GITOPS_KNOWN_HOSTS: knownHosts,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1 > known_hosts.scan`);
    }
    expect(existsSync(join(tmp, 'scan'))).toBe(false);
  });

  it('the host init wrote as a placeholder was left in the config: the message says so, not "known-hosts has no key"', async () => {
    await writeFile(
      join(tmp, 'placeholder.yml'),
      config('placeholder', 'root', sshd.port).replace('root@127.0.0.1', 'deploy@your-server.example.org'),
    );
    const r = await runCli(['deploy', '--repo', repo.dir, '--config', join(tmp, 'placeholder.yml')], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("your-server.example.org is the placeholder `gitops-deploy init` wrote: set the target's host");
  });

  it('a repository with no commit yet (git init, init, plan): says to commit first', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    execFileSync('git', ['-C', empty, 'init', '-q', '-b', 'main']);
    await writeFile(join(empty, 'docker-compose.yml'), 'services:\n  web:\n    image: x\n');
    const r = await runCli(['plan', '--repo', empty, '--config', join(tmp, 'nodocker.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the repository has no commit yet. A deploy ships a commit, never the work tree: commit the app');
  });
});
