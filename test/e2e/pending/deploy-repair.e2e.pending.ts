/**
 * #13 Faults: a run killed between the switch and `up` leaves `current` on the new release while
 * the old containers serve. The next run repairs that before anything else, even when it then
 * fails itself; `status` reports it meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from '../harness/app-repo.js';
import { runCli } from '../harness/cli.js';
import { buildBusyboxBaseImage, containerIds, dockerAvailable, logsOf, removeProject, uniqueProject } from '../harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from '../harness/fixture-config.js';
import { pausedRun } from '../harness/pause.js';
import { gate } from '../harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from '../harness/sshd.js';
import { makeTempDir, removeTree } from '../harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)('repair of an interrupted deploy (real sshd, docker)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  const project = uniqueProject('gdrepair');
  let env: Record<string, string> = {};
  const args = (...extra: string[]) => ['deploy', '--repo', repo.dir, '--target', 'vps', '--json', ...extra];
  const state = () => JSON.parse(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8'));
  const link = () => readlinkSync(join(hostPath, 'current')).replace('releases/', '');
  const db = () => join(hostPath, 'shared', 'db.sqlite3');

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-repair');
    hostPath = join(tmp, 'host', 'app');
    const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('vps', sshd.port, hostPath, ['lock_ttl: 10s', 'backup: {engine: sqlite, path: shared/db.sqlite3}', 'health: {services: true, timeout: 30s}'])}`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=keep-me\n');
    execFileSync('sqlite3', [db(), 'create table t(x); insert into t values (1),(2);']);
    const first = await runCli(args(), env);
    expect(first.code, first.stderr).toBe(0);
  }, 900_000);

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('killed between switch and up: status reports it; the next run repairs it first, even though it then fails', async () => {
    const live = state().current;
    const webBefore = (await containerIds(project)).web!;
    const sha = await repo.commit('template', { 'app/templates/index.html': '<h1>never finished</h1>\n' });
    const run = pausedRun(args(), env, 'apply', tmp);
    await run.reached;
    expect(link()).toBe(sha); // switched, not up yet
    run.child.kill('SIGKILL');
    await run.done;
    await run.resume();
    expect(link()).toBe(sha);
    expect((await containerIds(project)).web).toBe(webBefore);
    expect(existsSync(join(hostPath, '.deploy', 'in-progress.json'))).toBe(true);

    const st = await runCli(['status', '--repo', repo.dir, '--target', 'vps'], env);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toContain(`WARNING: an interrupted deploy left the host half done: run local-${run.child.pid} (deploy of ${sha.slice(0, 12)} over ${live.slice(0, 12)}`);

    // the next run's backup fails (database moved away): it must still have repaired the host first
    await rename(db(), `${db()}.away`);
    const failed = await runCli(args('--lock-wait', '120'), env);
    await rename(`${db()}.away`, db());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/sqlite database not found/);
    expect(failed.stderr).toContain('REPAIRED AN INTERRUPTED DEPLOY');
    expect(failed.json.phases.map((p: { name: string }) => p.name)).toEqual(['Connect', 'Lock', 'Plan', 'Repair', 'Backup']);
    expect(link()).toBe(live);
    expect(state().current).toBe(live);
    expect(existsSync(join(hostPath, '.deploy', 'in-progress.json'))).toBe(false);
    expect((await containerIds(project)).web).toBe(webBefore); // it never moved: nothing recreated

    const ok = await runCli(args(), env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toContain('REPAIRED');
    expect(state().current).toBe(sha);
    expect(link()).toBe(sha);
    expect(await logsOf((await containerIds(project)).web!)).toContain(`release=${sha}`);
    expect(execFileSync('sqlite3', [db(), 'select count(*) from t'], { encoding: 'utf8' }).trim()).toBe('2');
  }, 900_000);
});
