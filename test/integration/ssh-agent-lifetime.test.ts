/**
 * Issue #15: the private ssh-agent that serves the key to the OpenSSH ControlMaster cannot outlive
 * a killed run, and what a killed run left behind is swept. Real ssh-agent / ssh-add, the compiled
 * modules in lib/ run in a child node process that the test SIGKILLs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/pid.js';
import { runPost } from '../../src/entry/action/post.js';
import { agentFiles, createRunDir, sweepStaleRunDirs } from '../../src/transport/run-dir.js';
import { agentArgv, KEY_LIFETIME_S, startAgent } from '../../src/transport/ssh-agent.js';
import { keygen } from '../e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';
import { withTools } from '../unit/helpers/tools.js';

const LIB = fileURLToPath(new URL('../../lib/transport/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `pid` has exited (a zombie counts: PID 1 here reaps orphans only every ~2 s, see isAlive);
 * returns the milliseconds it took (or Infinity after `ms`).
 */
async function goneWithin(pid: number, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (!isAlive(pid)) return Date.now() - start;
    await sleep(50);
  }
  return Infinity;
}

const fingerprints = (socket: string): string =>
  spawnSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' }).stdout;

/** A node process (this tool's compiled code) that starts an agent in `dir`, loads the key, and idles. */
function agentHolder(dir: string, keyFile: string, onExit: string[]): Promise<{ holder: ChildProcess; agentPid: number }> {
  const script = `
    const { startAgent } = await import(${JSON.stringify(join(LIB, 'ssh-agent.js'))});
    const { readFileSync } = await import('node:fs');
    const a = await startAgent(process.argv[1], process.argv[2], JSON.parse(process.argv[3]));
    await a.add(readFileSync(process.argv[4], 'utf8'));
    console.log(a.pid);
    setInterval(() => {}, 1000);`;
  const { socket, pidFile } = agentFiles(dir);
  const holder = spawn(process.execPath, ['--input-type=module', '-e', script, socket, pidFile, JSON.stringify(onExit), keyFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    holder.stdout!.once('data', (c: Buffer) => resolve({ holder, agentPid: Number(c.toString().trim()) }));
    holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

/**
 * After a kill of the watcher too, ssh-agent notices its parent is gone at its next 10 s poll; on a
 * loaded 2-core machine its wake-up adds up to seconds (11.8 s measured while isAlive still counted
 * PID 1's ~2 s reaping of the exited agent, 10.0 s since; 12.7 s in a full CI run of the e2e twin). An agent that never notices stays.
 */
const AGENT_GROUP_KILL_BOUND_MS = 15_000;

const AGENT = withTools('the ssh-agent tests', 'ssh-agent', 'ssh-add', 'ssh-keygen');

describe.runIf(AGENT)("the run's private ssh-agent", () => {
  let tmp = '';
  let keyFile = '';
  let key = '';

  beforeAll(async () => {
    if (!existsSync(join(LIB, 'ssh-agent.js'))) throw new Error('lib/ is missing: run `npx tsc -p tsconfig.build.json`');
    tmp = await makeTempDir('gd-agent');
    keyFile = join(tmp, 'test_key');
    keygen(keyFile);
    key = await readFile(keyFile, 'utf8');
  });
  afterAll(async () => {
    if (tmp) await removeTree(tmp);
  });

  it('holds the key, shows no key in its argv, and is gone (socket too) after stop()', async () => {
    const dir = join(tmp, 'stop');
    await mkdir(dir, { mode: 0o700 });
    const { socket, pidFile } = agentFiles(dir);
    const agent = await startAgent(socket, pidFile, ['true']);
    await agent.add(key);
    expect(fingerprints(socket)).toMatch(/SHA256:\S+ e2e \(ED25519\)/);
    expect(Number(await readFile(pidFile, 'utf8'))).toBe(agent.pid);
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    expect(ps).toContain(`ssh-agent -a ${socket} -t ${KEY_LIFETIME_S}`);
    expect(ps).not.toContain(key.split('\n')[1]);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await agent.stop();
    expect(isAlive(agent.pid)).toBe(false);
    expect(existsSync(socket)).toBe(false);
    // stop() leaves no timer behind: a pending one kept every CLI run alive 5 s after its last phase
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('SIGKILL of the process that started it: the watcher runs onExit and kills the agent at once', async () => {
    const dir = join(tmp, 'kill');
    await mkdir(dir, { mode: 0o700 });
    const marker = join(dir, 'on-exit-ran');
    const { holder, agentPid } = await agentHolder(dir, keyFile, ['touch', marker]);
    expect(fingerprints(agentFiles(dir).socket)).toContain('(ED25519)');
    holder.kill('SIGKILL');
    expect(await goneWithin(agentPid, 3_000)).toBeLessThan(3_000);
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(agentFiles(dir).socket)).toBe(false);
  });

  it('SIGKILL of the process and of the watcher (a process-group kill): ssh-agent exits by itself within ~10 s', async () => {
    const dir = join(tmp, 'group');
    await mkdir(dir, { mode: 0o700 });
    const { holder, agentPid } = await agentHolder(dir, keyFile, ['true']);
    const watchers = spawnSync('pgrep', ['-P', String(holder.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    expect(watchers).toHaveLength(1);
    process.kill(watchers[0]!, 'SIGKILL');
    holder.kill('SIGKILL');
    const ms = await goneWithin(agentPid, AGENT_GROUP_KILL_BOUND_MS + 5_000);
    console.info(`process-group kill: the agent was gone after ${ms} ms`);
    expect(ms).toBeLessThan(AGENT_GROUP_KILL_BOUND_MS);
  }, 60_000);

  it("agentArgv: the watcher is the agent's command; nothing secret in it", () => {
    expect(agentArgv('/tmp/d/agent', ['ssh', '-O', 'exit', 'u@h'])).toEqual([
      'ssh-agent',
      '-a',
      '/tmp/d/agent',
      '-t',
      String(KEY_LIFETIME_S),
      'sh',
      '-c',
      'echo "$SSH_AGENT_PID"; cat >/dev/null; "$@" >/dev/null 2>&1; kill "$SSH_AGENT_PID" 2>/dev/null; exit 0',
      'gitops-deploy-watch',
      'ssh',
      '-O',
      'exit',
      'u@h',
    ]);
    const script = agentArgv('/s', [])[7]!;
    for (const sh of ['sh', 'dash']) expect(spawnSync(sh, ['-n', '-c', script]).status, sh).toBe(0);
  });
});

describe.runIf(AGENT)('stale run directories', () => {
  let base = '';
  beforeAll(async () => {
    base = await makeTempDir('gd-sweep');
  });
  afterAll(async () => {
    if (base) await removeTree(base);
  });

  /** A pid that no process has any more. */
  function deadPid(): number {
    return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
  }

  async function staleDirWithAgent(ownerPid: number): Promise<{ dir: string; agentPid: number }> {
    const dir = await createRunDir([base]);
    const owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8'));
    await writeFile(join(dir, 'owner.json'), JSON.stringify({ ...owner, pid: ownerPid }));
    const { socket, pidFile } = agentFiles(dir);
    const agent = await startAgent(socket, pidFile, ['true']);
    return { dir, agentPid: agent.pid };
  }

  it('removes only our marked dirs whose owner is gone, and stops their agent', async () => {
    const stale = await staleDirWithAgent(deadPid());
    const live = await createRunDir([base]);
    const foreign = join(base, 'gitops-ssh-nomark');
    await mkdir(foreign, { mode: 0o700 });
    const removed = await sweepStaleRunDirs([base]);
    expect(removed).toEqual([stale.dir]);
    expect(existsSync(stale.dir)).toBe(false);
    expect(await goneWithin(stale.agentPid, 2_000)).toBeLessThan(2_000);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
  });

  it("the Action's post step stops the agents of the main step's dirs (one per host) and removes them", async () => {
    const dirs = [await staleDirWithAgent(process.pid), await staleDirWithAgent(process.pid)];
    process.env.STATE_keyDir = dirs.map((d) => d.dir).join('\n');
    try {
      await runPost();
    } finally {
      delete process.env.STATE_keyDir;
    }
    for (const main of dirs) {
      expect(existsSync(main.dir)).toBe(false);
      expect(await goneWithin(main.agentPid, 2_000)).toBeLessThan(2_000);
    }
  });
});
