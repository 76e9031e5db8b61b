/** Retention planning (pure): which of a target's verified backups to keep and which to delete. */
import { parseBackupName } from './naming.js';
import type { RetentionResult } from './types.js';

export interface BackupListingEntry {
  /** file name in the backups directory */
  name: string;
  /** a sidecar `<name>.json` with `"verified": true` exists */
  verified: boolean;
}

/** A backup retention must keep whatever the rules say, and why (shown in the summary). */
export interface ProtectedBackup {
  /** file name in the backups directory */
  name: string;
  why: string;
}

export interface RetentionOptions {
  /** only this target's backups are considered */
  target: string;
  /** "now" of the deploy: backups dated more than FUTURE_SKEW_MS later neither count nor get deleted */
  now?: Date;
  /** backups that must stay whatever their date (the one just taken, those a rollback needs) */
  protect?: ProtectedBackup[];
}

/** Clock skew tolerated between the runner that names backups and this one. */
export const FUTURE_SKEW_MS = 5 * 60_000;

interface Candidate {
  name: string;
  time: number;
}

function candidates(files: BackupListingEntry[], target: string): Candidate[] {
  const out: Candidate[] = [];
  for (const f of files) {
    const parsed = parseBackupName(f.name);
    if (f.verified && parsed && parsed.target === target) out.push({ name: f.name, time: parsed.time });
  }
  return out.sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/**
 * Keeps the newest `keep` verified backups of the target (by the timestamp in the name) and deletes
 * the older ones. Never deletes the newest one (keep < 1 counts as 1), protected names, files of
 * other targets, unverified or unparseable files, nor future-dated files (they are kept, uncounted,
 * so a skewed clock cannot push real backups out).
 */
export function planRetention(files: BackupListingEntry[], keep: number, opts: RetentionOptions): RetentionResult {
  const limit = Math.max(1, Math.floor(Number.isFinite(keep) ? keep : 1));
  const horizon = opts.now ? opts.now.getTime() + FUTURE_SKEW_MS : Infinity;
  const protect = new Set((opts.protect ?? []).map((p) => p.name));
  const kept: string[] = [];
  const deleted: string[] = [];
  let counted = 0;
  for (const c of candidates(files, opts.target)) {
    if (c.time > horizon) {
      kept.push(c.name);
    } else if (counted < limit) {
      counted++;
      kept.push(c.name);
    } else if (protect.has(c.name)) {
      kept.push(c.name);
    } else {
      deleted.push(c.name);
    }
  }
  return { kept, deleted };
}
