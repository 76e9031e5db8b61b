import { readFileSync } from 'node:fs';

/**
 * Is a process with this pid running? (EPERM: it runs, as another user.) One that exited and waits
 * to be reaped (a zombie: an orphan until PID 1 reaps it, which some PID 1s do late or never) does
 * not: it holds no key, socket or directory any more.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !exited(pid);
}

/** Linux: the state letter in /proc/<pid>/stat is Z or X, or it is gone by now. Elsewhere (no /proc): false. */
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state === 'Z' || state === 'X';
  } catch (e) {
    return process.platform === 'linux' && (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
