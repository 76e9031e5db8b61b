import { randomBytes } from 'node:crypto';
import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';
import { acquireScript, breakLockScript, LOCK_BREAKING, LOCK_MISS, parseLockRead, readLockScript, releaseScript } from './lock-scripts.js';
import { shortSha } from '../core/text.js';

export interface LockInfo {
  runId: string;
  /** the resolved commit sha the holder works on (never a ref like HEAD) */
  sha: string;
  actor: string;
  command: string;
  /** when the lock was taken (the runner's clock) */
  time: string;
  runUrl?: string;
  /** the holder touches info.json every this many seconds; absent in locks of older versions */
  heartbeatSeconds?: number;
}

export interface LockOptions {
  /** how long a holder's heartbeat may be silent before its lock is stale (lock_ttl) */
  ttlMs: number;
  waitMs: number;
  forceUnlock: boolean;
  /** poll interval while waiting */
  pollMs?: number;
  now?: () => number;
  /** told when a stale lock was broken (the caller warns loudly) */
  onBroken?: (message: string) => void;
  /** a script run once the lock is taken, in the same round trip (see acquireScript) */
  then?: string;
}

export class LockHeldError extends Error {}

export const lockDir = (deployPath: string): string => `${deployPath}/.deploy/lock`;

/** Heartbeat interval for a lock_ttl: a sixth of it, between 1 s and 10 s (lock_ttl 2m → 10 s). */
export function heartbeatIntervalMs(ttlMs: number): number {
  return Math.min(10_000, Math.max(1_000, Math.floor(ttlMs / 6)));
}

/** A held lock as read on the host. */
export interface HeldLock {
  /** info.json as stored ('' when missing) */
  raw: string;
  info: LockInfo | null;
  /** since the lock was taken (runner clock of the holder; NaN when unknown) */
  ageMs: number;
  /** since the last heartbeat (host clock) */
  silentMs: number;
}

/** Reads the lock in one round trip; null when there is none. */
export async function readLock(exec: Executor, deployPath: string, now: number = Date.now()): Promise<HeldLock | null> {
  const r = await exec.sh(readLockScript(lockDir(deployPath)), { allowFailure: true });
  if (r.code === LOCK_MISS) return null;
  if (r.code !== 0) throw new Error(`cannot read the deploy lock ${lockDir(deployPath)}: ${r.stderr.trim() || `exit ${r.code}`}`);
  const read = parseLockRead(r.stdout);
  let info: LockInfo | null = null;
  try {
    info = read.raw ? (JSON.parse(read.raw) as LockInfo) : null;
  } catch {
    info = null;
  }
  return { raw: read.raw, info, ageMs: info ? now - Date.parse(info.time) : NaN, silentMs: Math.max(0, (read.hostNow - read.beat) * 1000) };
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** "run R by A (deploy abcdef012345, started 3 s ago, last heartbeat 1 s ago, URL)" */
export function describeHolder(held: HeldLock): string {
  const { info } = held;
  if (!info) return `an unknown holder (lock without info, untouched for ${seconds(held.silentMs)})`;
  const started = Number.isNaN(held.ageMs) ? '' : `, started ${seconds(held.ageMs)} ago`;
  const beat = info.heartbeatSeconds
    ? `, last heartbeat ${seconds(held.silentMs)} ago`
    : `, no heartbeat (older version), taken ${seconds(held.silentMs)} ago`;
  return `run ${info.runId} by ${info.actor} (${info.command} ${shortSha(info.sha)}${started}${beat}${info.runUrl ? `, ${info.runUrl}` : ''})`;
}

type Verdict = { kind: 'live' } | { kind: 'break'; silentSeconds: number; why: string } | { kind: 'refuse'; message: string };

/**
 * What to do with a held lock. A holder that heart-beats is alive until it has been silent for
 * max(lock_ttl, 3 heartbeats): then it is dead (SIGKILL, lost link: its connection is gone, it can
 * change nothing any more) and its lock is broken automatically; force-unlock breaks it after 3
 * missed heartbeats. A lock without heartbeat (older version, or no info) is only broken with
 * force-unlock once older than lock_ttl, as before.
 */
export function judgeLock(held: HeldLock, ttlMs: number, forceUnlock: boolean): Verdict {
  const beatMs = held.info?.heartbeatSeconds ? held.info.heartbeatSeconds * 1000 : undefined;
  if (beatMs) {
    const staleMs = Math.max(ttlMs, 3 * beatMs);
    if (held.silentMs > staleMs)
      return {
        kind: 'break',
        silentSeconds: staleMs / 1000,
        why: `its heartbeat stopped ${seconds(held.silentMs)} ago (lock_ttl ${seconds(ttlMs)})`,
      };
    if (forceUnlock && held.silentMs > 3 * beatMs)
      return {
        kind: 'break',
        silentSeconds: (3 * beatMs) / 1000,
        why: `force-unlock: its heartbeat stopped ${seconds(held.silentMs)} ago`,
      };
    return { kind: 'live' };
  }
  if (held.silentMs <= ttlMs) return { kind: 'live' };
  if (forceUnlock) return { kind: 'break', silentSeconds: ttlMs / 1000, why: 'force-unlock: older than lock_ttl, without heartbeat' };
  return {
    kind: 'refuse',
    message: `deploy lock is stale: held by ${describeHolder(held)}, older than its TTL without heartbeat; re-run with force-unlock to break it`,
  };
}

/** How often, and how many times, a run re-reads a dead lock that another run is breaking right now. */
const BREAKING_POLL_MS = 100;
const BREAKING_POLLS = 100;

/**
 * Breaks `held` atomically: only if its info.json and heartbeat are still what was judged (one
 * winner among concurrent breakers). 'changed' when it changed or another run broke it first,
 * 'busy' while another run is breaking it.
 */
async function breakLock(exec: Executor, dir: string, held: HeldLock, silentSeconds: number): Promise<'broken' | 'changed' | 'busy'> {
  const stale = `${dir}.stale.${randomBytes(8).toString('hex')}`;
  const r = await exec.sh(breakLockScript(dir, stale, held.raw, silentSeconds), { allowFailure: true });
  if (r.code === LOCK_MISS) return 'changed';
  if (r.code === LOCK_BREAKING) return 'busy';
  if (r.code !== 0) throw new Error(`cannot break the stale deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return 'broken';
}

/** One round trip: create the lock dir and write its info (then run `then`). Its stdout once taken, else false. */
async function tryMkdir(exec: Executor, dir: string, info: LockInfo, then?: string): Promise<string | false> {
  const r = await exec.sh(acquireScript(dir, then), { stdin: JSON.stringify(info), allowFailure: true });
  if (r.code === LOCK_MISS) return false;
  if (r.code !== 0)
    throw new Error(`cannot create the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}${lockDirFix(dir, r.stderr)}`);
  return r.stdout;
}

/** The fix when the deploy user may not create <path>/.deploy (a first deploy to a path not prepared). */
export function lockDirFix(lockDir: string, stderr: string): string {
  if (!/permission denied|read-only file system/i.test(stderr)) return '';
  const path = q(lockDir.replace(/\/\.deploy\/lock$/, ''));
  return `\nfix: sudo mkdir -p ${path} && sudo chown <deploy user>: ${path} (docs/prepare-server.md; \`gitops-deploy doctor\` checks write access)`;
}

/**
 * Takes the deploy lock (atomic mkdir). A live lock fails fast (or after waitMs) naming its holder;
 * a dead holder's lock is broken (see judgeLock) and reported through onBroken. Resolves with what
 * `opts.then` printed.
 */
export async function acquireLock(exec: Executor, deployPath: string, info: LockInfo, opts: LockOptions): Promise<string> {
  const dir = lockDir(deployPath);
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.waitMs;
  let unbreakable: string | undefined;
  let busy = 0;
  for (;;) {
    const taken = await tryMkdir(exec, dir, info, opts.then);
    if (taken !== false) return taken;
    const held = await readLock(exec, deployPath, now());
    if (!held) continue;
    const verdict = judgeLock(held, opts.ttlMs, opts.forceUnlock);
    if (verdict.kind === 'refuse') throw new LockHeldError(verdict.message);
    if (verdict.kind === 'break') {
      const outcome = await breakLock(exec, dir, held, verdict.silentSeconds);
      if (outcome === 'broken') {
        opts.onBroken?.(`broke the deploy lock of a dead holder: ${describeHolder(held)}; ${verdict.why}`);
        continue;
      }
      if (outcome === 'busy') {
        // another run is breaking it: its break takes milliseconds, then the lock is gone or that run's;
        // a breaker killed meanwhile leaves its claim, taken over once lock_ttl old (breakClaimScript)
        if (++busy > BREAKING_POLLS && now() >= deadline)
          throw new Error(
            `cannot break the stale deploy lock ${dir}: another run began breaking it and did not finish (killed?); its claim is taken over once it is lock_ttl old: run again then, or wait with lock-wait`,
          );
        await new Promise((r) => setTimeout(r, busy > BREAKING_POLLS ? (opts.pollMs ?? 2000) : BREAKING_POLL_MS));
        continue;
      }
      // Lost a race: the holder changed or beat again, re-read it. The same holder twice means the check itself fails.
      if (unbreakable === held.raw) throw new Error(`cannot break the stale deploy lock ${dir}: remove it by hand`);
      unbreakable = held.raw;
      continue;
    }
    if (now() >= deadline)
      throw new LockHeldError(
        `another deploy holds the lock: ${describeHolder(held)}; it is alive: wait for it (lock-wait) or cancel that run`,
      );
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
  }
}

/** The script releasing the lock only if `runId` holds it (exit LOCK_MISS when not). */
export const releaseLockScript = (deployPath: string, runId: string): string => releaseScript(lockDir(deployPath), runId);

/** Releases the lock only if this run holds it, in one round trip. Returns whether it was released. */
export async function releaseLock(exec: Executor, deployPath: string, runId: string): Promise<boolean> {
  const dir = lockDir(deployPath);
  const r = await exec.sh(releaseLockScript(deployPath, runId), { allowFailure: true });
  if (r.code === LOCK_MISS) return false;
  if (r.code !== 0) throw new Error(`cannot release the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return true;
}
