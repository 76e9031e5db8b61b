import { readFileSync } from 'node:fs';

/**
 * Running and not a zombie. An orphan that exited stays a zombie until PID 1 reaps it, and PID 1
 * here (process_api) reaps every ~2 s (1.2–2.0 s measured): `kill(pid, 0)` (isAlive) still finds
 * it, so a "gone within" bound measured with isAlive measures PID 1's reaping, not the process.
 */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
