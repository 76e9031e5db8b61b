/**
 * A private ssh-agent that hands the key to the OpenSSH ControlMaster (rsync's ssh) without a key
 * file: the key reaches the agent over ssh-add's stdin, the agent listens on a socket in the run's
 * 0700 directory, and every key it holds expires after KEY_LIFETIME_S (the master re-adds it
 * before each rsync).
 *
 * The agent runs a watcher as its command: `sh` blocked on `cat`, reading a pipe from this process.
 * When this process ends, even by SIGKILL, the pipe closes: the watcher runs `onExit` (stops the
 * master) and kills the agent. Should the watcher die too, ssh-agent exits by itself within 10 s
 * of its command being gone (it polls its parent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { isAlive } from '../core/pid.js';
import { withoutSecrets } from '../core/secret-env.js';

/** Seconds a key stays in the agent after it was (re-)added. */
export const KEY_LIFETIME_S = 60;

/** Prints the agent's pid, waits for EOF on stdin, then runs "$@" and kills the agent. */
const WATCHER = 'echo "$SSH_AGENT_PID"; cat >/dev/null; "$@" >/dev/null 2>&1; kill "$SSH_AGENT_PID" 2>/dev/null; exit 0';

/** `ssh-agent` argv (pure): bound to `socket`, keys with a lifetime, the watcher as its command. */
export function agentArgv(socket: string, onExit: readonly string[]): string[] {
  return ['ssh-agent', '-a', socket, '-t', String(KEY_LIFETIME_S), 'sh', '-c', WATCHER, 'gitops-deploy-watch', ...onExit];
}

export interface SshAgent {
  socket: string;
  /** the ssh-agent process (not the watcher) */
  pid: number;
  /** loads the key (text over stdin) for KEY_LIFETIME_S seconds; re-adding renews the lifetime */
  add(privateKey: string): Promise<void>;
  /** kills the agent and ends the watcher (idempotent) */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for the first stdout line of the watcher: the agent's pid. */
function readAgentPid(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const pid = Number(out.split('\n')[0]);
      if (out.includes('\n') && Number.isInteger(pid) && pid > 1) resolve(pid);
      else if (out.includes('\n')) reject(new Error(`ssh-agent printed no pid: ${JSON.stringify(out.slice(0, 80))}`));
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new UserError('ssh-agent (OpenSSH client) is required: rsync gets the key through a private agent, never a key file')
          : e,
      ),
    );
    child.on('exit', (code) => reject(new Error(`ssh-agent exited (${code ?? 'signal'}) before starting: ${err.trim()}`)));
  });
}

/** Starts the agent on `socket`, writes its pid to `pidFile` (for the stale-run sweep). */
export async function startAgent(socket: string, pidFile: string, onExit: readonly string[]): Promise<SshAgent> {
  const [cmd = 'ssh-agent', ...args] = agentArgv(socket, onExit);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: withoutSecrets() });
  let pid: number;
  try {
    pid = await readAgentPid(child);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  // the pipe to the watcher stays open for our whole life, but must not keep the process alive
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  await writeFile(pidFile, `${pid}\n`, { mode: 0o600 });
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      child.stdin?.end();
      // the bound's timer is cleared once the watcher has exited: left pending, it kept every run alive 5 s more
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (bound = setTimeout(r, 5_000)))]);
      clearTimeout(bound);
      for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(20);
    })());
  return { socket, pid, add: (key) => addKey(socket, key), stop };
}

/** `ssh-add -` with the key on stdin: never in argv, env or a file. */
function addKey(socket: string, privateKey: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh-add', ['-q', '-'], { stdio: ['pipe', 'ignore', 'pipe'], env: { ...withoutSecrets(), SSH_AUTH_SOCK: socket } });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh-add failed (exit ${code ?? 'signal'}): ${err.trim()}`))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(privateKey);
  });
}
