/**
 * The deploy lock on real components (#13 item 7 and "Concurrency"): a deploy longer than
 * lock_ttl keeps its lock alive with a heartbeat, a waiting run waits and then proceeds, a killed
 * holder's lock is broken by the next run with a warning naming it.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, spawnCli } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * lock_ttl (s): the waits below are 2 s past it (a paused holder outlives it; a killed one is
 * broken once its heartbeat, every lock_ttl/6, is this old). 10 s rather than 15 s: 17 s less waiting.
 */
const TTL_S = 10;
const PAST_TTL_MS = (TTL_S + 2) * 1000;
const t0 = Date.now();
const mark = (what: string) => console.log(`[lock e2e +${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

describe.runIf(ready)('deploy lock with heartbeat (real sshd, docker)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  const project = uniqueProject('gdlock');
  let env: Record<string, string> = {};
  const args = (...extra: string[]) => ['deploy', '--repo', repo.dir, '--target', 'vps', '--json', ...extra];
  const lockInfo = () => JSON.parse(readFileSync(join(hostPath, '.deploy', 'lock', 'info.json'), 'utf8'));
  const state = () => JSON.parse(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8'));
  const spawned: ChildProcess[] = [];

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-lock');
    hostPath = join(tmp, 'host', 'app');
    const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('vps', sshd.port, hostPath, [`lock_ttl: ${TTL_S}s`, 'backup: {engine: sqlite, path: shared/db.sqlite3}', 'health: {services: true, timeout: 20s}'])}`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=keep-me\n');
    execFileSync('sqlite3', [join(hostPath, 'shared', 'db.sqlite3'), 'create table t(x); insert into t values (1);']);
    const first = await runCli(args(), env);
    expect(first.code, first.stderr).toBe(0);
  }, 900_000);

  afterAll(async () => {
    for (const p of spawned) if (p.exitCode === null) p.kill('SIGKILL');
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('a deploy paused longer than lock_ttl is alive: others fail fast naming it or wait, then proceed', async () => {
    const shaA = await repo.commit('template a', { 'app/templates/index.html': '<h1>a</h1>\n' });
    const a = pausedRun(args(), env, 'build', tmp);
    spawned.push(a.child);
    await a.reached;
    // the lock names the resolved commit, not the ref the run was given (HEAD)
    expect(lockInfo()).toMatchObject({ sha: shaA, command: 'deploy', heartbeatSeconds: expect.any(Number) });
    await sleep(PAST_TTL_MS); // longer than lock_ttl
    const fast = await runCli(args(), env);
    expect(fast.code).toBe(1);
    // fails fast: it does not wait for the holder (still paused)
    expect(a.child.exitCode).toBeNull();
    mark(`refused in ${fast.ms} ms (Lock phase ${fast.json.phases.find((p: { name: string }) => p.name === 'Lock').ms} ms)`);
    expect(fast.stderr).toMatch(
      new RegExp(
        `another deploy holds the lock: run ${lockInfo().runId} by .*deploy ${shaA.slice(0, 12)}, started \\d+ s ago, last heartbeat \\d+ s ago`,
      ),
    );
    expect(fast.stderr).not.toMatch(/stale|broke/);
    mark('fast refusal checked');
    const b = spawnCli(args('--lock-wait', '300'), env);
    spawned.push(b.child);
    while (!b.stderr().includes('▶ Lock') && b.child.exitCode === null) await sleep(200);
    await sleep(PAST_TTL_MS); // B waits longer than lock_ttl: A's heartbeat keeps its lock alive
    expect(b.child.exitCode).toBeNull(); // still waiting
    expect(lockInfo()).toMatchObject({ sha: shaA, runId: expect.stringMatching(new RegExp(`^local-${a.child.pid}\\.[0-9a-f]{8}$`)) });
    mark('B waits; resuming A');
    await a.resume();
    const [ra, rb] = await Promise.all([a.done, b.done]);
    mark(`A took ${ra.ms} ms, B ${rb.ms} ms`);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr).not.toMatch(/stale|broke the deploy lock/);
    expect(rb.ms).toBeGreaterThan(PAST_TTL_MS);
    expect(state().current).toBe(shaA);
    expect(readlinkSync(join(hostPath, 'current'))).toBe(`releases/${shaA}`);
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
  }, 600_000);

  it('a SIGKILLed holder: the next run (lock-wait) breaks its lock once the heartbeat is lock_ttl old, naming it, and converges', async () => {
    await repo.commit('template k', { 'app/templates/index.html': '<h1>killed</h1>\n' });
    const sha = repo.head();
    const a = pausedRun(args(), env, 'upload', tmp);
    spawned.push(a.child);
    await a.reached;
    const runId = lockInfo().runId;
    a.child.kill('SIGKILL');
    await a.done;
    await a.resume();
    const r = await runCli(args('--lock-wait', '300'), env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`broke the deploy lock of a dead holder: run ${runId} by .*heartbeat stopped \\d+ s ago \\(lock_ttl ${TTL_S} s\\)`),
    );
    expect(r.json.warnings.join('\n')).toContain(`dead holder: run ${runId}`);
    expect(state().current).toBe(sha);
    expect(readFileSync(join(hostPath, 'shared', '.env'), 'utf8')).toBe('SECRET_KEY=keep-me\n');
  }, 600_000);
});
