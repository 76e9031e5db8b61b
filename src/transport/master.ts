/**
 * The OpenSSH ControlMaster that every rsync (and `ssh cat`) of a run shares. It authenticates
 * through the run's private ssh-agent (see ssh-agent.ts): the key is re-added by every ensure()
 * (before each rsync) and expires in the agent KEY_LIFETIME_S later; no key file exists at any time.
 */
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withoutSecrets } from '../core/secret-env.js';
import { agentFiles } from './run-dir.js';
import { startAgent, type SshAgent } from './ssh-agent.js';

export interface MasterOptions {
  /** OpenSSH options, IdentityAgent = the agent socket of `dir` included */
  sshArgs: string[];
  /** `user@host` */
  dest: string;
  /** the run directory (agent socket, master log) */
  dir: string;
  /** the private key text, kept in memory only */
  privateKey: string;
  /** called each time a master is started */
  onStart(): void;
}

export interface Master {
  /** starts the master unless it runs (and refreshes the key in the agent for a fallback connection) */
  ensure(): Promise<void>;
  /** stops the master and the agent */
  exit(): Promise<void>;
}

export function masterControl(o: MasterOptions): Master {
  let pending: Promise<void> | undefined;
  let agent: Promise<SshAgent> | undefined;
  const ctl = (op: string): Promise<number> => runSsh([...o.sshArgs, '-O', op, o.dest]);
  const { socket, pidFile } = agentFiles(o.dir);
  const start = async (): Promise<void> => {
    // the agent's watcher stops the master should this process die
    agent ??= startAgent(socket, pidFile, ['ssh', ...o.sshArgs, '-O', 'exit', o.dest]);
    // the key is (re)loaded first: should the master vanish between the check and an rsync, the
    // rsync's own ssh can still authenticate through the agent
    await (await agent).add(o.privateKey);
    if ((await ctl('check')) === 0) return;
    const logPath = join(o.dir, 'master.log');
    o.onStart();
    // -M: be the master; -N: no command; -f: background after authentication.
    const code = await runSsh([...o.sshArgs, '-M', '-N', '-f', o.dest], logPath);
    if (code !== 0) {
      const log = await readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`ssh ControlMaster to ${o.dest} failed (exit ${code}): ${log.trim()}`);
    }
  };
  return {
    ensure: () => {
      pending ??= start().finally(() => (pending = undefined));
      return pending;
    },
    exit: async () => {
      await pending?.catch(() => undefined);
      // never ensured: no master was started, and no agent (an `ssh -O exit` would only cost a process)
      if (!agent) return;
      const running = await agent.catch(() => undefined);
      // the agent's watcher runs `ssh -O exit` as it stops (see startAgent), and stop() waits for it
      if (running) await running.stop();
      else await ctl('exit');
    },
  };
}

/**
 * Run the local ssh client and resolve with its exit code. Output goes to a log file (or nowhere):
 * a backgrounded master keeps inherited pipes open, so waiting for 'close' would hang.
 */
async function runSsh(args: string[], logPath?: string): Promise<number> {
  const log = logPath ? await open(logPath, 'a', 0o600) : undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('ssh', args, { stdio: ['ignore', 'ignore', log ? log.fd : 'ignore'], env: withoutSecrets() });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code ?? 255));
    });
  } finally {
    await log?.close();
  }
}
