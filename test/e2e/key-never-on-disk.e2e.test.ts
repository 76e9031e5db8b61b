/**
 * Issue #15 on real components (sshd, rsync, docker-compose): the CLI, with its own TMPDIR and HOME,
 * is SIGKILLed at every phase of a compose deploy (through the GITOPS_DEPLOY_PAUSE_AT fault hook).
 * After each kill no file under its TMPDIR or HOME holds a line of the private key, and the ssh-agent,
 * its watcher and the ControlMaster of the killed run are gone within seconds. A kill of the whole
 * process group (the watcher dies too) leaves the agent for at most ~10 s and the master for at most
 * its ControlPersist; the next run sweeps them. Issue #14: the deploys run with a TMPDIR of 39 and of
 * 70+ characters too (rsync through the ControlMaster socket).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/pid.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { filesWithSecrets, isolatedCli, keyBodyLines, referenceKey, type IsolatedCli } from './harness/secrets.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + rsync + ssh-agent + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));

/** Pause points, in pipeline order: `lock` is right after the connection (Connect). */
const PHASES = ['lock', 'plan', 'backup', 'upload', 'build', 'switch', 'apply', 'verify', 'record'];
/** Deploys on a loaded 2-core machine take minutes. */
const SLOW = 400_000;
/** After a SIGKILL of the CLI alone, the watcher stops the master and the agent at once. */
const PROCESS_KILL_BOUND_MS = 5_000;
/**
 * After a kill of the whole group, ssh-agent notices its parent is gone: it polls every 10 s, and on a
 * loaded 2-core machine its wake-up adds seconds (12.7 s seen in a full CI run, when the check still
 * counted the ~2 s the exited agent then spends as PID 1's zombie; isAlive no longer does). Still
 * bounded: an agent that never notices stays past this bound and fails the test.
 */
const AGENT_GROUP_KILL_BOUND_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `pid args` lines of the processes whose command line mentions `text`. */
function processesMentioning(text: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(text) && !l.includes('ps -eo'));
}

async function waitUntil(check: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) return Infinity;
    await sleep(100);
  }
  return Date.now() - start;
}

describe.runIf(ready)('the private key never touches the disk, even when the CLI is SIGKILLed (issue #15)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  let cli: IsolatedCli;
  let needles: Record<string, string[]> = {};
  let n = 0;
  const project = uniqueProject('gdkeykill');
  const env = (extra: Record<string, string> = {}) => cli.env(sshd, extra);
  /**
   * A new commit, whose deploy takes the full upload: rsync through the ControlMaster, with the
   * agent (without the previous release's manifest the diff upload falls back). A diff upload sends
   * a tar over the ssh2 connection and starts neither: the last test checks that.
   */
  const newCommit = async (diff = false) => {
    if (!diff) await rm(join(hostPath, '.deploy', 'manifests'), { recursive: true, force: true });
    return repo.commit(`change ${++n}`, { 'app/templates/index.html': `<h1>v${n}</h1>\n` });
  };
  const deploy = (extra: Record<string, string> = {}, detached = false): Promise<CliRun> =>
    runCli(['deploy', '--repo', repo.dir, '--target', 'vps', '--json'], env(extra), { detached });
  const leaks = () => filesWithSecrets([cli.tmp, cli.home], needles);
  const runDirs = async () => (await readdir(cli.tmp)).filter((d) => d.startsWith('gitops-ssh-')).map((d) => join(cli.tmp, d));

  /** the paused runs of the current test: afterEach kills what a failed assertion left running */
  let started: { pid: number; done: Promise<CliRun> }[] = [];

  /** Starts a deploy paused at `point`; returns its pid, its run dir and the pending run. */
  async function pausedAt(point: string, detached: boolean): Promise<{ pid: number; runDir?: string; done: Promise<CliRun> }> {
    await newCommit();
    const pauseFile = join(tmp, `pause-${point}-${n}`);
    let finished: CliRun | undefined;
    const done = deploy({ GITOPS_DEPLOY_PAUSE_AT: point, GITOPS_DEPLOY_PAUSE_FILE: pauseFile }, detached);
    void done.then((r) => (finished = r));
    await waitUntil(() => finished !== undefined || existsSync(pauseFile), SLOW - 30_000);
    if (finished) throw new Error(`the deploy ended before ${point} (exit ${finished.code}): ${finished.stderr}`);
    const pid = Number(await readFile(pauseFile, 'utf8'));
    started.push({ pid, done });
    await rm(pauseFile);
    let runDir: string | undefined;
    for (const dir of await runDirs()) {
      const owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8').catch(() => '{}'));
      if (owner.pid === pid) runDir = dir;
    }
    return { pid, runDir, done };
  }

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gd-keykill');
    cli = await isolatedCli('gd-kk'); // a short TMPDIR: the run dirs live in it
    hostPath = join(tmp, 'host', 'app');
    const extra = [
      'keep_releases: 3',
      'backup: {engine: sqlite, path: shared/db.sqlite3, keep: 3}',
      'health: {services: true, timeout: 30s}',
    ];
    const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('vps', sshd.port, hostPath, extra)}`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=keep-me\n');
    spawnSync('sqlite3', [join(hostPath, 'shared', 'db.sqlite3'), 'create table t(x); insert into t values (1);']);
    needles = { 'SSH private key': keyBodyLines(sshd.clientKey, await referenceKey()) };
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
  }, SLOW);

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    for (const dir of [tmp, cli?.tmp, cli?.home]) if (dir) await removeTree(dir);
  });

  // A failed test must not leave its paused run or its deploy lock to the next tests: each test
  // stands alone (the lock of a killed run stays until lock_ttl, which would fail every later test).
  afterEach(async () => {
    for (const run of started) if (isAlive(run.pid)) process.kill(run.pid, 'SIGKILL');
    await Promise.all(started.map((run) => run.done));
    started = [];
    // sshd still runs what a killed run had sent (its lock acquire, a heartbeat): removing the lock
    // before that ended let a late acquire take it again, and the next test's deploy met that lock
    const lock = join(hostPath, '.deploy', 'lock');
    await waitUntil(() => sshd.sessions().length === 0 && processesMentioning(lock).length === 0, 30_000);
    await rm(lock, { recursive: true, force: true });
  });

  /** the run dir of the previous killed run: the next run sweeps it once connected */
  let previousRunDir: string | undefined;

  it.each(PHASES)(
    'SIGKILL at %s: no key text under TMPDIR or HOME, agent and master gone at once',
    async (point) => {
      const { pid, runDir, done } = await pausedAt(point, false);
      expect(await leaks()).toEqual([]);
      expect(runDir, 'the run dir of the paused CLI').toBeDefined();
      if (previousRunDir) expect(existsSync(previousRunDir), `${previousRunDir} swept`).toBe(false);
      previousRunDir = runDir;
      const agentPid = Number(await readFile(join(runDir!, 'agent.pid'), 'utf8').catch(() => '0'));
      // the agent and the master start with the first rsync (Upload) and the agent lives until the end
      if (PHASES.indexOf(point) > PHASES.indexOf('upload')) expect(isAlive(agentPid)).toBe(true);
      if (point === 'build') expect(processesMentioning(runDir!).some((l) => / -M -N -f /.test(l))).toBe(true);
      process.kill(pid, 'SIGKILL');
      expect((await done).code).not.toBe(0);
      expect(await leaks()).toEqual([]);
      const ms = await waitUntil(
        () => processesMentioning(runDir!).length === 0 && (agentPid === 0 || !isAlive(agentPid)),
        PROCESS_KILL_BOUND_MS,
      );
      expect(processesMentioning(runDir!)).toEqual([]);
      expect(ms).toBeLessThan(PROCESS_KILL_BOUND_MS);
      console.info(`SIGKILL at ${point}: the run's agent, watcher and master were gone after ${ms} ms`);
    },
    SLOW,
  );

  it(
    'a kill of the whole process group: agent gone within its 10 s parent poll, the master within ControlPersist; the next run sweeps both',
    async () => {
      const { pid, runDir, done } = await pausedAt('build', true);
      expect(runDir, 'the run dir of the paused CLI').toBeDefined();
      const agentPid = Number(await readFile(join(runDir!, 'agent.pid'), 'utf8'));
      process.kill(-pid, 'SIGKILL');
      await done;
      const agentMs = await waitUntil(() => !isAlive(agentPid), AGENT_GROUP_KILL_BOUND_MS + 5_000);
      expect(agentMs).toBeLessThan(AGENT_GROUP_KILL_BOUND_MS);
      console.info(`process-group kill: the agent was gone after ${agentMs} ms`);
      expect(existsSync(join(runDir!, 'agent'))).toBe(false);
      // the master survived (it holds no key: its environment is scrubbed, it has no key file)
      const masters = processesMentioning(runDir!).filter((l) => / -M -N -f /.test(l));
      expect(masters).toHaveLength(1);
      const masterPid = Number(masters[0]!.trim().split(' ')[0]);
      const environ = await readFile(`/proc/${masterPid}/environ`, 'latin1');
      expect(needles['SSH private key']!.some((l) => environ.includes(l))).toBe(false);
      expect(await leaks()).toEqual([]);
      // the next run, once connected, has swept the stale dir and stopped its master
      await rm(join(hostPath, '.deploy', 'lock'), { recursive: true, force: true });
      const next = await pausedAt('plan', false);
      expect(existsSync(runDir!)).toBe(false);
      // the master is a daemon: once it exits it is PID 1's zombie for up to ~2 s more (isAlive ignores that)
      expect(await waitUntil(() => !isAlive(masterPid), 3_000)).toBeLessThan(3_000);
      process.kill(next.pid, 'SIGKILL');
      await next.done;
    },
    SLOW,
  );

  it(
    'a full deploy afterwards succeeds, sweeps what the killed runs left, and leaves nothing behind',
    async () => {
      await newCommit();
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(await runDirs()).toEqual([]);
      expect(processesMentioning(cli.tmp)).toEqual([]);
      expect(await leaks()).toEqual([]);
    },
    SLOW,
  );

  // Issue #14: with the old code a 39-character TMPDIR failed (`unix_listener: path "…" too long`)
  it.each([39, 72])(
    'deploys (rsync through the ControlMaster) with a TMPDIR of %i characters',
    async (length) => {
      const base = join(tmp, 'long');
      const longTmp = `${base}/${'t'.repeat(length - base.length - 1)}`;
      expect(longTmp).toHaveLength(length);
      await mkdir(longTmp, { recursive: true });
      await newCommit();
      const r = await runCli(['deploy', '--repo', repo.dir, '--target', 'vps', '--json'], env({ TMPDIR: longTmp }));
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.connections).toMatchObject({ masters: 1 });
      expect(r.stderr).not.toMatch(/too long/);
    },
    SLOW,
  );

  it(
    'a diff upload (a tar over the ssh2 connection) starts no agent and no master, and leaves nothing behind',
    async () => {
      await newCommit(true);
      const r = await deploy();
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/upload: \d+ changed paths? of \d+ \(diff from/);
      expect(r.json.connections).toMatchObject({ masters: 0 });
      expect(await runDirs()).toEqual([]);
      expect(await leaks()).toEqual([]);
    },
    SLOW,
  );
});
