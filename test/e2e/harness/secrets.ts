/**
 * Looking for secrets where they must never be: in files (a temp dir, HOME, the host's state),
 * in every process' argv (`ps -eo args`, sampled while a run goes on) and in the environment of
 * the local ssh / ssh-agent / rsync processes this tool spawns.
 */
import { spawn } from 'node:child_process';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keygen } from './sshd.js';
import { makeTempDir, removeTree } from './tmp.js';

/**
 * The base64 lines of a private key that are its own: any one of them found somewhere is a leak.
 * Lines that `reference` (another key of the same type) has too are format boilerplate shared by
 * every such key (an OpenSSH ed25519 key's first line is the same for all), so they are left out.
 */
export function keyBodyLines(privateKey: string, reference: string): string[] {
  const body = (key: string) =>
    key
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('-----') && !l.includes(':'));
  const common = new Set(body(reference));
  const own = body(privateKey).filter((l) => !common.has(l) && l.length >= 16);
  if (own.length === 0) throw new Error('no key body found');
  return own;
}

/** A fresh ed25519 key like the harness sshd's client key (same type and comment), as the reference. */
export async function referenceKey(): Promise<string> {
  const dir = await makeTempDir('gd-refkey');
  try {
    keygen(join(dir, 'k'));
    return await readFile(join(dir, 'k'), 'utf8');
  } finally {
    await removeTree(dir);
  }
}

/** The needles found in `text`, by label. */
export function findSecrets(text: string, needles: Record<string, readonly string[]>): string[] {
  return Object.entries(needles)
    .filter(([, values]) => values.some((v) => text.includes(v)))
    .map(([label]) => label);
}

/** Every regular file under `root` (symlinks not followed; sockets and fifos skipped). */
export async function regularFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const st = await lstat(path).catch(() => undefined);
      if (st?.isDirectory()) await walk(path);
      else if (st?.isFile()) out.push(path);
    }
  };
  await walk(root);
  return out;
}

/** `file: label` for every file under the roots that holds a needle. */
export async function filesWithSecrets(roots: readonly string[], needles: Record<string, readonly string[]>): Promise<string[]> {
  const hits: string[] = [];
  for (const root of roots) {
    for (const file of await regularFiles(root)) {
      const text = await readFile(file, 'latin1').catch(() => '');
      for (const label of findSecrets(text, needles)) hits.push(`${file}: ${label}`);
    }
  }
  return hits;
}

function capture(argv: string[]): Promise<string> {
  return new Promise((resolve) => {
    const [cmd = '', ...args] = argv;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('latin1')));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(out));
  });
}

/** Local client processes whose environment must hold no secret (the remote dump tools do, by design). */
const CLIENT_COMMANDS = new Set(['ssh', 'ssh-agent', 'ssh-add', 'rsync']);

export interface PsSampler {
  /** every `ps -eo args` output taken, in full */
  samples: string[];
  /** the environment of each local ssh/ssh-agent/ssh-add/rsync process seen, with who it was */
  environs: { who: string; env: string }[];
  stop(): Promise<void>;
}

/** Samples `ps -eo args` (and the client processes' environments) back to back until stopped. */
export function samplePs(): PsSampler {
  const sampler: PsSampler = { samples: [], environs: [], stop: async () => undefined };
  let running = true;
  const loop = (async () => {
    while (running) {
      sampler.samples.push(await capture(['ps', '-eo', 'args']));
      const procs = (await capture(['ps', '-eo', 'pid=,ppid=,comm=,args='])).split('\n').map((l) => l.trim().split(/\s+/));
      for (const [pid, ppid, comm, ...args] of procs) {
        if (!pid || !comm || !CLIENT_COMMANDS.has(comm)) continue;
        const env = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => undefined);
        if (env !== undefined)
          sampler.environs.push({ who: `${pid} (parent ${ppid}) ${args.join(' ').slice(0, 200)}`, env: env.replace(/\0/g, '\n') });
      }
    }
  })();
  sampler.stop = async () => {
    running = false;
    await loop;
  };
  return sampler;
}

/** A CLI with its own (short) TMPDIR and its own HOME, to look for what a run leaves there. */
export interface IsolatedCli {
  tmp: string;
  home: string;
  /** the CLI's environment: key, known_hosts, TMPDIR, HOME, plus `extra` */
  env(sshd: { clientKey: string; knownHosts: string }, extra?: Record<string, string>): Record<string, string>;
}

export async function isolatedCli(prefix: string): Promise<IsolatedCli> {
  const tmp = await makeTempDir(`${prefix}-tmp`);
  const home = await makeTempDir(`${prefix}-home`);
  return {
    tmp,
    home,
    env: (sshd, extra = {}) => ({ GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, TMPDIR: tmp, HOME: home, ...extra }),
  };
}

/** `pid`'s parent pid (undefined once it is gone). */
async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

async function descendsFrom(pid: number, ancestor: number): Promise<boolean> {
  for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; hops++) {
    if (p === ancestor) return true;
    p = await parentOf(p);
  }
  return false;
}

export interface EnvironSampler {
  /** `comm: args` of every process under `ancestor` seen with the secret in its environment */
  holders: Set<string>;
  /** /proc scans done */
  scans: number;
  stop(): Promise<void>;
}

/**
 * Scans /proc back to back until stopped: every process below `ancestor` (e.g. the test sshd: the
 * host side of a run) whose environment holds `secret`.
 */
export function sampleEnvironHolders(ancestor: number, secret: string): EnvironSampler {
  const sampler: EnvironSampler = { holders: new Set(), scans: 0, stop: async () => undefined };
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const name of await readdir('/proc').catch(() => [] as string[])) {
        const pid = Number(name);
        if (!Number.isInteger(pid) || pid === process.pid) continue;
        const env = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
        if (!env.includes(secret) || !(await descendsFrom(pid, ancestor))) continue;
        const comm = (await readFile(`/proc/${pid}/comm`, 'latin1').catch(() => '')).trim();
        if (!comm) continue; // gone meanwhile
        const args = (await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '')).replace(/\0/g, ' ').trim();
        sampler.holders.add(`${comm}: ${args.slice(0, 160)}`);
      }
      sampler.scans++;
    }
  })();
  sampler.stop = async () => {
    running = false;
    await loop;
  };
  return sampler;
}
