import { randomBytes } from 'node:crypto';
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

/**
 * One round trip: create the lock dir and write its info. When the write fails after mkdir, the
 * dir is removed again so no info-less lock is left behind (exit 4: an error, not "held").
 */
async function tryMkdir(exec: Executor, dir: string, info: LockInfo): Promise<boolean> {
  const file = q(`${dir}/info.json`);
  const script = `mkdir -p "$(dirname ${q(dir)})" || exit 4; mkdir ${q(dir)} 2>/dev/null || exit 3; cat > ${file} || { rm -rf ${q(dir)}; exit 4; }`;
  const r = await exec.sh(script, { stdin: JSON.stringify(info), allowFailure: true });
  if (r.code === 3) return false;
  if (r.code !== 0) throw new Error(`cannot create the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return true;
}

interface Holder {
  /** info.json as read ('' when missing or unreadable) */
  raw: string;
  info: LockInfo | null;
}

async function readHolder(exec: Executor, dir: string): Promise<Holder> {
  const raw = (await readRemote(exec, `${dir}/info.json`).catch(() => null)) ?? '';
  try {
    return { raw, info: raw ? (JSON.parse(raw) as LockInfo) : null };
  } catch {
    return { raw, info: null };
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
 * Break the stale lock `seen`, atomically: only if its info.json is still what was judged stale,
 * rename it away (one winner; a concurrent breaker's mv fails) and then delete it. Returns false
 * when the lock changed or another run broke it first: the caller re-reads the holder.
 */
async function breakStaleLock(exec: Executor, dir: string, seen: Holder): Promise<boolean> {
  const stale = `${dir}.stale.${randomBytes(8).toString('hex')}`;
  // $(...) drops trailing newlines and NUL bytes: normalize the expected text the same way
  const expected = seen.raw.replace(/\0/g, '').replace(/\n+$/, '');
  const script = [
    `[ "$(cat ${q(`${dir}/info.json`)} 2>/dev/null)" = ${q(expected)} ] || exit 3`,
    `mv ${q(dir)} ${q(stale)} 2>/dev/null || exit 3`,
    `rm -rf ${q(stale)}`,
  ].join('\n');
  const r = await exec.sh(script, { allowFailure: true });
  if (r.code === 3) return false;
  if (r.code !== 0) throw new Error(`cannot break the stale deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return true;
}

/**
 * Takes the deploy lock (atomic mkdir). A held lock fails fast (or after waitMs) naming its holder;
 * a lock older than its TTL is reported and broken only with forceUnlock.
 */
export async function acquireLock(exec: Executor, deployPath: string, info: LockInfo, opts: LockOptions): Promise<void> {
  const dir = lockDir(deployPath);
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.waitMs;
  let unbreakable: string | undefined;
  for (;;) {
    if (await tryMkdir(exec, dir, info)) return;
    const holder = await readHolder(exec, dir);
    const age = await lockAge(exec, dir, holder.info, now());
    if (age > opts.ttlMs) {
      if (!opts.forceUnlock) throw new LockHeldError(`deploy lock is stale: held by ${describe(holder.info, age)}, older than its TTL; re-run with force-unlock to break it`);
      if (await breakStaleLock(exec, dir, holder)) continue;
      // Lost a race: the holder changed, re-read it. The same holder twice means the check itself fails.
      if (unbreakable === holder.raw) throw new Error(`cannot break the stale deploy lock ${dir}: remove it by hand`);
      unbreakable = holder.raw;
      continue;
    }
    if (now() >= deadline) throw new LockHeldError(`another deploy holds the lock: ${describe(holder.info, age)}`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
  }
}

/**
 * Releases the lock only if this run holds it, in one round trip: the dir is removed only when its
 * info.json has this run's exact `"runId":<id>` (JSON escapes every `"` inside values, so the
 * fragment cannot match a value). Returns whether it was released.
 */
export async function releaseLock(exec: Executor, deployPath: string, runId: string): Promise<boolean> {
  const dir = lockDir(deployPath);
  const file = q(`${dir}/info.json`);
  const fragment = `"runId":${JSON.stringify(runId)}`;
  const script = `[ -f ${file} ] && grep -qF -e ${q(fragment)} ${file} || exit 3; rm -rf ${q(dir)}`;
  const r = await exec.sh(script, { allowFailure: true });
  if (r.code === 3) return false;
  if (r.code !== 0) throw new Error(`cannot release the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return true;
}
