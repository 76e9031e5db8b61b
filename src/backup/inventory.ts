/** The backups of a target on the host, with size and verification, newest first (status, restore). */
import path from 'node:path';
import type { Executor } from '../transport/types.js';
import { parseBackupName } from './naming.js';
import { listingScript, parseHostTime } from './prune.js';
import { FUTURE_SKEW_MS } from './retention.js';

export interface BackupInfo {
  name: string;
  /** absolute remote path */
  file: string;
  /** the name's time, ms since the epoch */
  time: number;
  /** the commit the backup was taken before (12 hex digits) */
  sha: string;
  size: number;
  /** a sidecar `<name>.json` with `"verified": true` exists */
  verified: boolean;
}

/** This target's backups from the script's output, newest first. */
export function parseInventory(stdout: string, dir: string, target: string): BackupInfo[] {
  const sizes = new Map<string, number>();
  const verified = new Set<string>();
  for (const line of stdout.split('\n')) {
    const [kind, a = '', b = ''] = line.split('\t');
    if (kind === 'F' && b !== '') sizes.set(b, Number(a));
    else if (kind === 'V') verified.add(a);
  }
  const out: BackupInfo[] = [];
  for (const [name, size] of sizes) {
    const parsed = parseBackupName(name);
    if (!parsed || parsed.target !== target) continue;
    out.push({ name, file: path.posix.join(dir, name), time: parsed.time, sha: parsed.sha, size, verified: verified.has(`${name}.json`) });
  }
  return out.sort((x, y) => y.time - x.time || (x.name < y.name ? 1 : x.name > y.name ? -1 : 0));
}

/** This target's backups, newest first, and the host's clock (ms since the epoch) when it printed one. */
export async function listBackupsAndClock(
  exec: Executor,
  dir: string,
  target: string,
): Promise<{ backups: BackupInfo[]; hostTime?: number }> {
  const r = await exec.sh(listingScript(dir, true));
  return { backups: parseInventory(r.stdout, dir, target), hostTime: parseHostTime(r.stdout) };
}

export async function listBackups(exec: Executor, dir: string, target: string): Promise<BackupInfo[]> {
  return (await listBackupsAndClock(exec, dir, target)).backups;
}

/**
 * The "now" a backup is future-dated against when a restore picks the newest (pure): the later of
 * the runner's clock and the host's. Backups are named by the clock of the runner that took them: a
 * runner clock behind (a laptop a few minutes slow) passed over the backups just taken by a right
 * clock as future-dated, and the restore loaded an older one.
 */
export function pickNow(runner: Date, hostMs: number | undefined): Date {
  return hostMs !== undefined && hostMs > runner.getTime() ? new Date(hostMs) : runner;
}

/** The named backup, or the newest verified one not dated in the future; undefined when there is none. */
export function findBackup(list: BackupInfo[], name?: string, now = new Date()): BackupInfo | undefined {
  if (name !== undefined) return list.find((b) => b.name === name);
  const horizon = now.getTime() + FUTURE_SKEW_MS;
  return list.find((b) => b.verified && b.time <= horizon);
}
