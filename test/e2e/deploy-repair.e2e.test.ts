/**
 * #13 Faults: a run killed between the switch and `up` (both in the Apply's first round trip)
 * leaves `current` on the new release while the old containers serve. The next run repairs that before anything else, even when it then
 * fails itself; `status` reports it meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComposeSite, type ComposeSite } from './harness/compose-site.js';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, logsOf, removeProject, uniqueProject } from './harness/docker.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

/** What the Apply's first round trip does before its `up` (switchCurrentScript): `current` → releases/<sha>, atomically. */
async function switchByHand(root: string, sha: string): Promise<void> {
  await symlink(`releases/${sha}`, join(root, '.current.tmp'));
  await rename(join(root, '.current.tmp'), join(root, 'current'));
}

const ready = gate('sshd + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)('repair of an interrupted deploy (real sshd, docker)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let site: ComposeSite;
  const project = uniqueProject('gdrepair');
  const args = (...extra: string[]) => site.args(...extra);
  const state = () => site.state();
  const link = () => site.link();
  const db = () => site.at('shared', 'db.sqlite3');
  let hostPath = '';

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-repair');
    hostPath = join(tmp, 'host', 'app');
    site = await createComposeSite({
      dir: tmp,
      project,
      host: 'root@127.0.0.1',
      port: sshd.port,
      path: hostPath,
      knownHosts: sshd.knownHosts,
      clientKey: sshd.clientKey,
      lockTtl: '10s',
    });
  }, 900_000);

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('killed between switch and up: status reports it; the next run repairs it first, even though it then fails', async () => {
    const live = state().current;
    const webBefore = (await containerIds(project)).web!;
    const sha = await site.repo.commit('template', { 'app/templates/index.html': '<h1>never finished</h1>\n' });
    const run = pausedRun(args(), site.env, 'switch', tmp);
    await run.reached;
    // the switch rides in the Apply's first round trip, in front of the `up`: a run killed while that
    // script runs can leave `current` switched and the `up` not started; the kill lands there
    expect(link()).toBe(live);
    run.child.kill('SIGKILL');
    await run.done;
    await run.resume();
    await switchByHand(hostPath, sha);
    expect(link()).toBe(sha);
    expect((await containerIds(project)).web).toBe(webBefore);
    expect(existsSync(join(hostPath, '.deploy', 'in-progress.json'))).toBe(true);

    const st = await runCli(['status', '--repo', site.repo.dir, '--target', 'vps'], site.env);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toContain(
      `WARNING: an interrupted deploy left the host half done: run local-${run.child.pid} (deploy of ${sha.slice(0, 12)} over ${live.slice(0, 12)}`,
    );

    // the next run's backup fails (database moved away): it must still have repaired the host first
    await rename(db(), `${db()}.away`);
    const failed = await runCli(args('--lock-wait', '120'), site.env);
    await rename(`${db()}.away`, db());
    expect(failed.code).toBe(1);
    // the pre-deploy probe (#13 item 4): a live target whose database is gone stops before any change
    expect(failed.stderr).toMatch(/the database of target vps is gone: sqlite database .* does not exist/);
    expect(failed.stderr).toContain('REPAIRED AN INTERRUPTED DEPLOY');
    expect(failed.json.phases.map((p: { name: string }) => p.name)).toEqual(['Connect', 'Lock', 'Plan', 'Repair', 'Backup']);
    expect(link()).toBe(live);
    expect(state().current).toBe(live);
    expect(existsSync(join(hostPath, '.deploy', 'in-progress.json'))).toBe(false);
    expect((await containerIds(project)).web).toBe(webBefore); // it never moved: nothing recreated

    const ok = await runCli(args(), site.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toContain('REPAIRED');
    expect(state().current).toBe(sha);
    expect(link()).toBe(sha);
    expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${sha}`);
    expect(execFileSync('sqlite3', [db(), 'select count(*) from t'], { encoding: 'utf8' }).trim()).toBe('3');
  }, 900_000);
});
