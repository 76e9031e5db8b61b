/**
 * `gitops-deploy status` over a real sshd on a host whose files disagree with its state.json: the
 * directory of the live release deleted while `current` still points to it. Status must say so,
 * not show the release as current and nothing else. And a target with two hosts: a host that cannot be
 * read because of the user's input (no known-hosts entry) is bad input (exit 2), as it is with one
 * host; a host that does not answer stays a failed run (exit 1).
 */
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { uniqueProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { freePort, sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd', sshdAvailable());
const LIVE = 'a'.repeat(40);

describe.runIf(ready)('status of a host whose live release directory is gone', () => {
  let sshd: SshdHandle;
  let tmp = '';
  const app = () => join(tmp, 'app');

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-status-files');
    sshd = await startSshd();
    await mkdir(join(app(), '.deploy'), { recursive: true });
    await mkdir(join(app(), 'releases'), { recursive: true });
    const release = { id: LIVE, sha: LIVE, at: '2026-12-01T10:00:00Z', result: 'success', actor: 'alice' };
    await writeFile(
      join(app(), '.deploy', 'state.json'),
      JSON.stringify({ version: 1, target: 'prod', current: LIVE, releases: [release] }),
    );
    await symlink(`releases/${LIVE}`, join(app(), 'current'));
    await writeFile(
      join(tmp, 'deploy.yml'),
      `version: 1\ncompose: {project: ${uniqueProject('gdstatus')}}\ntargets:\n  prod:\n    strategy: compose\n    host: root@127.0.0.1\n    port: ${sshd.port}\n    path: ${app()}\n`,
    );
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  const status = (json: boolean) =>
    runCli(['status', '--config', join(tmp, 'deploy.yml'), ...(json ? ['--json'] : [])], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
    });

  it('current → a deleted release: a WARNING line and currentMissing in the JSON', async () => {
    const text = await status(false);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      `WARNING: ${app()}/current points to releases/${LIVE}, which does not exist: the live release's files are gone`,
    );
    const json = await status(true);
    expect(json.json.status).toMatchObject({ current: LIVE, currentLink: LIVE, currentMissing: true });
  }, 60_000);

  it('the release directory there: no warning', async () => {
    await mkdir(join(app(), 'releases', LIVE));
    try {
      const json = await status(true);
      expect(json.code, json.stderr).toBe(0);
      expect(json.json.status.currentMissing).toBeUndefined();
      expect(json.json.notes.join('\n')).not.toContain('WARNING');
    } finally {
      await rm(join(app(), 'releases', LIVE), { recursive: true });
    }
  }, 60_000);
});

describe.runIf(ready)('status of a target with two hosts: exit 2 for bad input, 1 for a host that does not answer', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let deadPort = 0;

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-status-hosts');
    sshd = await startSshd();
    deadPort = await freePort();
    const target = (second: string) =>
      `version: 1\ncompose: {project: ${uniqueProject('gdstatus2')}}\ntargets:\n  prod:\n    strategy: compose\n` +
      `    hosts: [root@127.0.0.1:${sshd.port}, ${second}]\n    path: ${join(tmp, 'app')}\n`;
    // the same sshd as the second host under another name: known-hosts has no [localhost]:port entry
    await writeFile(join(tmp, 'other-name.yml'), target(`root@localhost:${sshd.port}`));
    await writeFile(join(tmp, 'dead.yml'), target(`root@127.0.0.1:${deadPort}`));
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  const status = (config: string, knownHosts: string) =>
    runCli(['status', '--config', join(tmp, config), '--json'], { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: knownHosts });

  it('no known-hosts entry for the second host: its row says why, exit 2 (as with one host)', async () => {
    const r = await status('other-name.yml', sshd.knownHosts);
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.status.hosts[0].status).toBeDefined();
    expect(r.json.status.hosts[1].unreachable).toMatch(/^known-hosts has no key for localhost:/);
  }, 60_000);

  it('a second host that does not answer: exit 1', async () => {
    const r = await status('dead.yml', `${sshd.knownHosts}[127.0.0.1]:${deadPort} ${sshd.hostKeyPub}\n`);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json.status.hosts[1].unreachable).toMatch(/ECONNREFUSED|refused/);
  }, 60_000);
});

describe.runIf(ready)('status of a target with two hosts: a corrupt state.json is not an unreachable host', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let deadPort = 0;

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-status-corrupt');
    sshd = await startSshd();
    deadPort = await freePort();
    await mkdir(join(tmp, 'app', '.deploy'), { recursive: true });
    await writeFile(join(tmp, 'app', '.deploy', 'state.json'), '{"version": 1, "current": ');
    await writeFile(
      join(tmp, 'deploy.yml'),
      `version: 1\ncompose: {project: ${uniqueProject('gdstatus3')}}\ntargets:\n  prod:\n    strategy: compose\n` +
        `    hosts: [root@127.0.0.1:${sshd.port}, root@127.0.0.1:${deadPort}]\n    path: ${join(tmp, 'app')}\n`,
    );
  }, 60_000);

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('the host that answers says its state is unreadable; the one that does not stays UNREACHABLE', async () => {
    const knownHosts = `${sshd.knownHosts}[127.0.0.1]:${deadPort} ${sshd.hostKeyPub}\n`;
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: knownHosts };
    const r = await runCli(['status', '--config', join(tmp, 'deploy.yml'), '--json'], env);
    expect(r.code, r.stderr).toBe(2);
    const [answered, dead] = r.json.status.hosts;
    expect(answered.unreachable).toBeUndefined();
    expect(answered.unreadable).toMatch(/state\.json is corrupt/);
    expect(dead.unreachable).toMatch(/ECONNREFUSED|refused/);
    const text = await runCli(['status', '--config', join(tmp, 'deploy.yml')], env);
    const rows = text.stdout.split('\n').filter((l) => l.startsWith('| root@'));
    expect(rows[0]).toMatch(new RegExp(`^\\| root@127\\.0\\.0\\.1:${sshd.port} \\| UNREADABLE \\|.*state\\.json is corrupt`));
    expect(rows[1]).toMatch(new RegExp(`^\\| root@127\\.0\\.0\\.1:${deadPort} \\| UNREACHABLE \\|`));
    expect(text.stderr).toMatch(new RegExp(`UNREADABLE: root@127\\.0\\.0\\.1:${sshd.port}: .*state\\.json is corrupt`));
    expect(text.stderr).not.toMatch(new RegExp(`UNREACHABLE: root@127\\.0\\.0\\.1:${sshd.port}:`));
  }, 60_000);
});
