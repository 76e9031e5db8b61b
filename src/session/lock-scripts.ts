/**
 * Script text of the deploy lock (pure): every lock operation is one round trip of POSIX sh.
 * The lock is the directory <path>/.deploy/lock (atomic mkdir); its info.json names the holder and
 * its mtime is the holder's heartbeat (touched every few seconds), read on the host's own clock so
 * runners with skewed clocks agree on a lock's age.
 */
import { shellQuote as q } from '../transport/quote.js';

/** Exit code of a lock script meaning "not taken / not ours / gone": the caller decides, not an error. */
export const LOCK_MISS = 3;

const info = (dir: string): string => q(`${dir}/info.json`);

/**
 * Reads the holder's info (JSON, so it ends with `}`) from stdin into a temp file first, then creates
 * the lock dir and writes info.json from that file; a failed write removes the dir again (exit 4).
 * A client killed or cut off after sending the script (sshd still runs it) ends stdin early: no
 * lock is taken, where one with an empty info.json was an unknown holder no heartbeat rule breaks.
 * `then`: run once the lock is taken, in the same round trip (reads that need the lock; it exits 0).
 */
export function acquireScript(dir: string, then?: string): string {
  const take = [
    `mkdir -p "$(dirname ${q(dir)})" || exit 4`,
    `t=${q(`${dir}.info.`)}$$`,
    `cat > "$t" && [ "$(tail -c 1 "$t")" = '}' ] || { rm -f "$t"; exit 4; }`,
    `mkdir ${q(dir)} 2>/dev/null || { rm -f "$t"; exit ${LOCK_MISS}; }`,
    `cat "$t" > ${info(dir)} || { rm -rf ${q(dir)} "$t"; exit 4; }`,
    'rm -f "$t"',
  ].join('; ');
  return then === undefined
    ? take
    : `${take}
${then}`;
}

/**
 * Prints the host's time (epoch s), the heartbeat (info.json's mtime, else the dir's), then info.json
 * as stored. Exit LOCK_MISS when there is no lock. It reads from inside the lock dir and checks at
 * the end that the path still names that same dir: a lock broken (renamed away) or replaced while
 * it was read counts as gone, never as a lock without info and an old heartbeat.
 */
export function readLockScript(dir: string): string {
  return [
    `cd ${q(dir)} 2>/dev/null || exit ${LOCK_MISS}`,
    'now=$(date +%s)',
    'beat=$(stat -c %Y info.json 2>/dev/null || stat -c %Y . 2>/dev/null) || exit ' + LOCK_MISS,
    'raw=$(cat info.json 2>/dev/null)',
    `[ "$(stat -c %i . 2>/dev/null)" = "$(stat -c %i ${q(dir)} 2>/dev/null)" ] || exit ${LOCK_MISS}`,
    `printf '%s\\n%s\\n%s' "$now" "$beat" "$raw"`,
  ].join('\n');
}

/** The fields readLockScript prints, parsed. */
export interface LockRead {
  /** host epoch seconds when it was read */
  hostNow: number;
  /** host epoch seconds of the last heartbeat */
  beat: number;
  /** info.json as stored ('' when missing) */
  raw: string;
}

export function parseLockRead(stdout: string): LockRead {
  const first = stdout.indexOf('\n');
  const second = stdout.indexOf('\n', first + 1);
  const hostNow = Number(stdout.slice(0, first));
  const beat = Number(stdout.slice(first + 1, second < 0 ? undefined : second));
  if (first < 0 || !Number.isFinite(hostNow) || !Number.isFinite(beat))
    throw new Error(`unexpected lock read output: ${JSON.stringify(stdout.slice(0, 80))}`);
  return { hostNow, beat, raw: second < 0 ? '' : stdout.slice(second + 1) };
}

/** Exit code of the break script when another run is breaking the same dead lock right now. */
export const LOCK_BREAKING = 5;

/**
 * The break's claim (pure sh, run inside the dead lock dir with `$now` set): `mkdir .breaking`
 * makes one winner among concurrent breakers (LOCK_BREAKING for the others). A breaker killed
 * between its claim and its rename leaves the claim behind: once the newest claim (the deepest of
 * `.breaking/t/t/...`) is `silentSeconds` old, its breaker counts as dead, as a holder does, and
 * `mkdir <claim>/t` takes it over: again one winner, since each level is made once.
 */
function breakClaimScript(silentSeconds: number): string {
  return [
    'mkdir .breaking 2>/dev/null || {',
    `  [ -d .breaking ] || exit ${LOCK_MISS}`,
    '  c=.breaking; while [ -d "$c/t" ]; do c="$c/t"; done',
    `  claimed=$(stat -c %Y "$c" 2>/dev/null) || exit ${LOCK_BREAKING}`,
    `  [ "$((now - claimed))" -ge ${Math.max(0, Math.floor(silentSeconds))} ] || exit ${LOCK_BREAKING}`,
    `  mkdir "$c/t" 2>/dev/null || exit ${LOCK_BREAKING}`,
    '}',
  ].join('\n');
}

/**
 * Breaks the lock `expected` (info.json's text as read) only if it is still that lock and its
 * heartbeat is still at least `silentSeconds` old. It works from inside the lock dir, so every check
 * reads the dead lock even if the path names a new one meanwhile. One breaker wins the claim
 * (breakClaimScript); it renames the dir away only while the path still names it, then deletes it.
 * Exit LOCK_MISS when the lock changed, beat again or is gone (a breaker that checked the dead lock,
 * then found it broken and a new one taken, never moves the new one).
 */
export function breakLockScript(dir: string, stale: string, expected: string, silentSeconds: number): string {
  // $(...) drops trailing newlines and NUL bytes: normalize the expected text the same way
  const text = expected.replace(/\0/g, '').replace(/\n+$/, '');
  return [
    `cd ${q(dir)} 2>/dev/null || exit ${LOCK_MISS}`,
    `[ "$(cat info.json 2>/dev/null)" = ${q(text)} ] || exit ${LOCK_MISS}`,
    `beat=$(stat -c %Y info.json 2>/dev/null || stat -c %Y . 2>/dev/null) || exit ${LOCK_MISS}`,
    'now=$(date +%s)',
    `[ "$((now - beat))" -ge ${Math.max(0, Math.floor(silentSeconds))} ] || exit ${LOCK_MISS}`,
    breakClaimScript(silentSeconds),
    `[ "$(stat -c %i . 2>/dev/null)" = "$(stat -c %i ${q(dir)} 2>/dev/null)" ] || exit ${LOCK_MISS}`,
    `mv ${q(dir)} ${q(stale)} 2>/dev/null || exit ${LOCK_MISS}`,
    // broken: a breaker still inside the dead dir may make its claim there while rm empties it
    // ("Directory not empty"); each makes one at most, so a few tries remove it, and a dir left
    // behind never fails the break
    `for i in 1 2 3 4 5; do rm -rf ${q(stale)} 2>/dev/null && break; done; :`,
  ].join('\n');
}

/**
 * The JSON fragment only this run's info.json holds: `"runId":<id>` (JSON escapes every `"` inside
 * values, so the fragment cannot match inside another field).
 */
const runIdFragment = (runId: string): string => `"runId":${JSON.stringify(runId)}`;

/**
 * The holder's heartbeat: touch info.json if the lock is still this run's (exit LOCK_MISS when it
 * is not: broken by another run). `cd` first, so a lock renamed away meanwhile is never touched
 * under the new holder's name. touch needs no free block: it works on a full disk.
 */
export function heartbeatScript(dir: string, runId: string): string {
  return `cd ${q(dir)} 2>/dev/null && [ -f info.json ] && grep -qF -e ${q(runIdFragment(runId))} info.json || exit ${LOCK_MISS}; touch -c info.json`;
}

/** Removes the lock only when info.json is this run's. Exit LOCK_MISS when it is not. */
export function releaseScript(dir: string, runId: string): string {
  return `[ -f ${info(dir)} ] && grep -qF -e ${q(runIdFragment(runId))} ${info(dir)} || exit ${LOCK_MISS}; rm -rf ${q(dir)}`;
}
