/**
 * The private directory of one SSH connection (0700, in a short temp base): the public half of the
 * key, known_hosts, the ssh-agent socket and the ControlMaster socket. Never a private key.
 * An owner marker (pid + host) lets a later run, or the Action's post step, sweep what a killed run
 * left behind: stop its agent and master, remove the directory.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isAlive } from '../core/pid.js';
import { withoutSecrets } from '../core/secret-env.js';
import { noShortTempDirError, RUN_DIR_PREFIX, usableTempBases } from './socket-path.js';

const OWNER_FILE = 'owner.json';
const TOOL = 'gitops-deploy';

/** Files of the run's ssh-agent inside the run directory. */
export function agentFiles(dir: string): { socket: string; pidFile: string } {
  return { socket: join(dir, 'agent'), pidFile: join(dir, 'agent.pid') };
}

/** Where run directories may live, in order of preference: TMPDIR, then /tmp when TMPDIR is too long. */
export function tempBaseCandidates(): string[] {
  return [...new Set([tmpdir(), '/tmp'])];
}

interface Owner {
  tool: string;
  pid: number;
  host: string;
}

/** Creates the run directory (0700, marked with this process as owner) in the first base that fits. */
export async function createRunDir(candidates: readonly string[] = tempBaseCandidates()): Promise<string> {
  const { bases, rejected } = usableTempBases(candidates);
  for (const base of bases) {
    let dir: string;
    try {
      dir = await mkdtemp(join(base, RUN_DIR_PREFIX));
    } catch (e) {
      rejected.push(`${JSON.stringify(base)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const owner: Owner = { tool: TOOL, pid: process.pid, host: hostname() };
    await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
    return dir;
  }
  throw noShortTempDirError(rejected);
}

/** The owner of a run directory of ours (our uid, our marker), or undefined. */
async function ownerOf(dir: string): Promise<Owner | undefined> {
  try {
    const st = await lstat(dir);
    if (!st.isDirectory() || st.uid !== process.getuid?.()) return undefined;
    const owner = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    if (owner.tool !== TOOL || !Number.isInteger(owner.pid) || typeof owner.host !== 'string') return undefined;
    return owner as Owner;
  } catch {
    return undefined;
  }
}

/** Runs a program without a shell; resolves with its stdout ('' on any failure), bounded in time. */
function quietly(argv: string[], timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve) => {
    const [cmd = '', ...args] = argv;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], env: withoutSecrets(), timeout: timeoutMs });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(out));
  });
}

/** SIGTERM the run's agent, if it still runs (checked by its command line: pids get reused). */
async function stopStaleAgent(dir: string): Promise<void> {
  const { socket, pidFile } = agentFiles(dir);
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return;
  const args = await quietly(['ps', '-o', 'args=', '-p', String(pid)]);
  if (args.includes('ssh-agent') && args.includes(socket)) process.kill(pid, 'SIGTERM');
}

/** Ask every ControlMaster listening in `dir` to exit. */
async function stopStaleMasters(dir: string): Promise<void> {
  const sockets = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith('cm-') && !n.includes('%'));
  for (const name of sockets) {
    await quietly(['ssh', '-F', '/dev/null', '-o', `ControlPath=${join(dir, name)}`, '-O', 'exit', 'gitops-deploy-stale']);
  }
}

/** Stops the agent and masters of a run directory and removes it (only a directory of ours). */
export async function removeRunDir(dir: string): Promise<void> {
  if (!basename(dir).startsWith(RUN_DIR_PREFIX) || !(await ownerOf(dir))) return;
  await stopStaleAgent(dir);
  await stopStaleMasters(dir);
  await rm(dir, { recursive: true, force: true });
}

/**
 * Removes the run directories a killed run of this tool left behind: ours (uid and marker), made
 * on this host, whose owning process is gone. Returns the directories removed; never throws.
 */
export async function sweepStaleRunDirs(candidates: readonly string[] = tempBaseCandidates()): Promise<string[]> {
  const removed: string[] = [];
  for (const base of new Set(candidates)) {
    const names = await readdir(base).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(RUN_DIR_PREFIX))) {
      const dir = join(base, name);
      const owner = await ownerOf(dir);
      if (!owner || owner.host !== hostname() || isAlive(owner.pid)) continue;
      await removeRunDir(dir).then(
        () => removed.push(dir),
        () => undefined,
      );
    }
  }
  return removed;
}
