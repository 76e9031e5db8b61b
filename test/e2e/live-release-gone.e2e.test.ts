/**
 * `current` points to a release directory that is gone (deleted by hand, or by a disk cleanup), on
 * real components (a real sshd, the real CLI, rsync): a re-deploy of the live commit puts the
 * release back and restarts the app, and so does a commit that changes only ignored files.
 */
import { existsSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a passenger host whose live release directory is gone', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-live-gone');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /** A deployed app (docs/ ignored) whose live release directory was then deleted. */
  async function brokenSite(name: string) {
    const { repoDir, path, repo } = await passengerApp(join(tmp, name), sshd.port, 'releases', '    shared: [media/]\n');
    const config = readFileSync(join(repoDir, '.github', 'deploy.yml'), 'utf8');
    await writeFile(join(repoDir, '.github', 'deploy.yml'), `rules:\n  - {name: docs, paths: ["docs/**"], ignore: true}\n${config}`);
    const deploy = (...extra: string[]) => runCli(['deploy', '--repo', repoDir, '--json', ...extra], env);
    const v1 = repo.commit('v1');
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
    rmSync(join(path, 'releases', v1), { recursive: true });
    return { repoDir, path, repo, deploy, v1 };
  }

  const live = (path: string) => ({
    link: readlinkSync(join(path, 'current')),
    code: existsSync(join(path, 'current', 'passenger_wsgi.py')),
    restarted: existsSync(join(path, 'current', 'tmp', 'restart.txt')),
  });

  it('a re-deploy of the live commit uploads it again, points current at it and restarts the app', async () => {
    const { repoDir, path, deploy, v1 } = await brokenSite('same');
    const planned = await runCli(['plan', '--repo', repoDir, '--target', 't', '--json'], env);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.json.upload).toEqual(['app']);
    expect(planned.json.reasons).toContainEqual(expect.objectContaining({ service: 'app', rule: 'live-missing' }));
    const again = await deploy('--to', v1);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/Nothing to deploy/);
    expect(live(path)).toEqual({ link: `releases/${v1}`, code: true, restarted: true });
    expect(readlinkSync(join(path, 'current', 'media'))).toBe(join(path, 'shared', 'media'));
    const state = JSON.parse(readFileSync(join(path, '.deploy', 'state.json'), 'utf8'));
    expect(state.current).toBe(v1);
    expect(state.releases.filter((r: { id: string }) => r.id === v1)).toEqual([expect.objectContaining({ result: 'success' })]);
    const status = await runCli(['status', '--repo', repoDir], env);
    expect(status.stdout).not.toMatch(/does not exist/);
    // repaired: the next re-run has nothing to do
    const idle = await deploy();
    expect(idle.code, idle.stderr).toBe(0);
    expect(idle.stderr).toMatch(/Nothing to deploy/);
  });

  it('a commit that changes only ignored files repairs it too', async () => {
    const { repoDir, path, repo, deploy } = await brokenSite('ignored');
    await mkdir(join(repoDir, 'docs'));
    await writeFile(join(repoDir, 'docs', 'notes.md'), 'notes\n');
    const v2 = repo.commit('docs only');
    const run = await deploy();
    expect(run.code, run.stderr).toBe(0);
    expect(live(path)).toEqual({ link: `releases/${v2}`, code: true, restarted: true });
  });
});
