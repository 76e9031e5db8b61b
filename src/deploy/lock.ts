import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';
import { readRemote } from '../record/remote-files.js';

export interface LockInfo {
  runId: string;
  sha: string;
  actor: string;
  command: string;
  time: string;
  runUrl?: string;
}

export interface LockOptions {
  ttlMs: number;
  waitMs: number;
  forceUnlock: boolean;
  /** poll interval while waiting */
  pollMs?: number;
  now?: () => number;
}

export class LockHeldError extends Error {}

export const lockDir = (deployPath: string): string => `${deployPath}/.deploy/lock`;

function describe(info: LockInfo | null, ageMs: number): string {
  if (!info) return 'an unknown holder (lock without info)';
  return `run ${info.runId} by ${info.actor} (${info.command} ${info.sha.slice(0, 12)}, ${Math.round(ageMs / 1000)} s ago${info.runUrl ? `, ${info.runUrl}` : ''})`;
}

async function tryMkdir(exec: Executor, dir: string, info: LockInfo): Promise<boolean> {
  const script = `mkdir -p "$(dirname ${q(dir)})" || exit 4; mkdir ${q(dir)} 2>/dev/null || exit 3; cat > ${q(`${dir}/info.json`)}`;
  const r = await exec.sh(script, { stdin: JSON.stringify(info), allowFailure: true });
  if (r.code === 3) return false;
  if (r.code !== 0) throw new Error(`cannot create the deploy lock ${dir}: ${r.stderr.trim()}`);
  return true;
}

async function readHolder(exec: Executor, dir: string): Promise<LockInfo | null> {
  const text = await readRemote(exec, `${dir}/info.json`).catch(() => null);
  try {
    return text ? (JSON.parse(text) as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Age of a lock: from its info, else (no or corrupt info.json) from the lock directory's mtime. */
async function lockAge(exec: Executor, dir: string, holder: LockInfo | null, now: number): Promise<number> {
  const time = holder ? Date.parse(holder.time) : NaN;
  if (!Number.isNaN(time)) return now - time;
  const r = await exec.sh(`stat -c %Y ${q(dir)}`, { allowFailure: true });
  const mtime = Number(r.stdout.trim());
  return r.code === 0 && Number.isFinite(mtime) ? now - mtime * 1000 : 0;
}

/**
 * Takes the deploy lock (atomic mkdir). A held lock fails fast (or after waitMs) naming its holder;
 * a lock older than its TTL is reported and broken only with forceUnlock.
 */
export async function acquireLock(exec: Executor, deployPath: string, info: LockInfo, opts: LockOptions): Promise<void> {
  const dir = lockDir(deployPath);
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.waitMs;
  for (;;) {
    if (await tryMkdir(exec, dir, info)) return;
    const holder = await readHolder(exec, dir);
    const age = await lockAge(exec, dir, holder, now());
    if (age > opts.ttlMs) {
      if (!opts.forceUnlock) throw new LockHeldError(`deploy lock is stale: held by ${describe(holder, age)}, older than its TTL; re-run with force-unlock to break it`);
      await exec.sh(`rm -rf ${q(dir)}`);
      continue;
    }
    if (now() >= deadline) throw new LockHeldError(`another deploy holds the lock: ${describe(holder, age)}`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
  }
}

/** Releases the lock only if this run holds it. Returns whether it was released. */
export async function releaseLock(exec: Executor, deployPath: string, runId: string): Promise<boolean> {
  const dir = lockDir(deployPath);
  const holder = await readHolder(exec, dir);
  if (!holder || holder.runId !== runId) return false;
  await exec.sh(`rm -rf ${q(dir)}`);
  return true;
}
