/**
 * A failed re-deploy of an older commit that went live and is still kept (the rollback target), on
 * real components (a real sshd, the real CLI, rsync, the record's prune): its record, its release
 * directory and `rollback previous` must survive the failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a failed re-deploy of the rollback target', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-redeploy-kept');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('keeps its record (success), its directory, and `rollback previous` still goes there', async () => {
    const root = join(tmp, 'app');
    const marker = join(root, 'FAIL');
    // the task fails once the marker exists on the host: the re-deploy of v1 fails, the first one did not
    const tasks = `tasks:\n  gate: {command: "sh gate.sh", paths: [gate.sh]}\n`;
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', '    keep_releases: 1\n');
    const config = readFileSync(join(repoDir, '.github', 'deploy.yml'), 'utf8');
    await writeFile(join(repoDir, '.github', 'deploy.yml'), `${tasks}${config}`);
    await writeFile(join(repoDir, 'gate.sh'), `test ! -e '${marker}'\n`);
    const deploy = (...extra: string[]) => runCli(['deploy', '--repo', repoDir, '--json', ...extra], env);
    const v1 = repo.commit('v1');
    const a = await deploy();
    expect(a.code, a.stderr).toBe(0);
    await writeFile(join(repoDir, 'gate.sh'), `test ! -e '${marker}' # v2\n`);
    const v2 = repo.commit('v2');
    const b = await deploy();
    expect(b.code, b.stderr).toBe(0);
    await writeFile(marker, '');
    const again = await deploy('--to', v1);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/gate/);
    expect(existsSync(join(path, 'releases', v1)), 'the rollback target directory').toBe(true);
    const state = JSON.parse(readFileSync(join(path, '.deploy', 'state.json'), 'utf8'));
    expect(state.current).toBe(v2);
    expect(state.releases.find((r: { id: string }) => r.id === v1)).toMatchObject({ result: 'success' });
    const back = await runCli(['rollback', '--repo', repoDir, '--json'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.json).toMatchObject({ result: 'success', release: v1, previousRelease: v2 });
  });
});
