/**
 * Retention as a policy (pure), like restic's `forget`: keep the newest `last` backups, plus the
 * newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that have
 * a backup (calendar boundaries in UTC, the time zone of the backup names), plus every backup taken
 * `within` a duration of the newest one. A backup is kept when any rule keeps it, and says which.
 * The newest verified backup is never deleted, nor a protected one (a rollback needs it);
 * future-dated files are kept but not counted, so a skewed clock cannot push real backups out.
 */
import { formatDuration } from '../config/duration.js';
import { parseBackupName } from './naming.js';
import { FUTURE_SKEW_MS, type BackupListingEntry, type RetentionOptions } from './retention.js';
import type { KeepSetting, RetentionDecision, RetentionPolicy, RetentionResult } from './types.js';

export type { KeepSetting, RetentionDecision, RetentionPolicy } from './types.js';

export interface PolicyResult extends RetentionResult {
  /** every backup of the target that retention considered, newest first */
  decisions: RetentionDecision[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO 8601 week, e.g. 2024-W09 (weeks start on Monday; week 1 holds the year's first Thursday). */
export function weekKey(time: number): string {
  const d = new Date(time);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${pad(week)}`;
}

export function monthKey(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

interface Bucket {
  rule: 'last' | 'daily' | 'weekly' | 'monthly';
  key: (time: number, name: string) => string;
  left: number;
  lastKey?: string;
}

function buckets(policy: RetentionPolicy): Bucket[] {
  const n = (v: number | undefined): number => Math.max(0, Math.floor(Number.isFinite(v) ? (v as number) : 0));
  return [
    { rule: 'last', key: (_t, name) => name, left: n(policy.last) },
    { rule: 'daily', key: dayKey, left: n(policy.daily) },
    { rule: 'weekly', key: weekKey, left: n(policy.weekly) },
    { rule: 'monthly', key: monthKey, left: n(policy.monthly) },
  ];
}

/**
 * This target's verified backups, newest first. Names carry whole seconds, so two backups can share
 * one: then `newest` (the one just taken) comes first, the others by name, descending.
 */
function targetBackups(files: BackupListingEntry[], target: string, newest?: string): { name: string; time: number }[] {
  const rank = (name: string): number => (name === newest ? 1 : 0);
  return files
    .map((f) => ({ f, parsed: parseBackupName(f.name) }))
    .filter(({ f, parsed }) => f.verified && parsed?.target === target)
    .map(({ f, parsed }) => ({ name: f.name, time: parsed!.time }))
    .sort((a, b) => b.time - a.time || rank(b.name) - rank(a.name) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Reasons the rules give to keep one backup (and counts it against each rule that keeps it). */
function ruleReasons(all: Bucket[], time: number, name: string, policy: RetentionPolicy): string[] {
  const reasons: string[] = [];
  for (const b of all) {
    if (b.left <= 0) continue;
    const key = b.key(time, name);
    if (key === b.lastKey) continue;
    b.lastKey = key;
    b.left--;
    const total = policy[b.rule] ?? 0;
    reasons.push(b.rule === 'last' ? `last ${total - b.left}/${total}` : `${b.rule} ${key}`);
  }
  return reasons;
}

/** `within`: kept when taken at most `within` before the newest counted backup (restic's reference point). */
function withinReasons(within: number | undefined, newest: number, time: number): string[] {
  return within && within > 0 && time >= newest - within ? [`within ${formatDuration(within)}`] : [];
}

/**
 * Decides which of the target's verified backups to keep. Files of other targets, unverified or
 * unparseable files are not considered (never deleted).
 */
export function planPolicy(files: BackupListingEntry[], policy: RetentionPolicy, opts: RetentionOptions): PolicyResult {
  const horizon = opts.now ? opts.now.getTime() + FUTURE_SKEW_MS : Infinity;
  const protect = new Map((opts.protect ?? []).map((p) => [p.name, p.why]));
  const rules = buckets(policy);
  const decisions: RetentionDecision[] = [];
  let newest: number | undefined;
  for (const c of targetBackups(files, opts.target, opts.newest)) {
    if (c.time > horizon) {
      decisions.push({ ...c, keep: true, reasons: ['future-dated: kept, not counted'] });
      continue;
    }
    const reasons = [...ruleReasons(rules, c.time, c.name, policy), ...withinReasons(policy.within, newest ?? c.time, c.time)];
    if (newest === undefined && reasons.length === 0) reasons.push('newest verified backup');
    newest ??= c.time;
    const why = reasons.length === 0 ? protect.get(c.name) : undefined;
    if (why !== undefined) decisions.push({ ...c, keep: true, reasons: [`protected: ${why}`], protectedFor: why });
    else decisions.push({ ...c, keep: reasons.length > 0, reasons: reasons.length > 0 ? reasons : ['not selected by any rule'] });
  }
  return {
    kept: decisions.filter((d) => d.keep).map((d) => d.name),
    deleted: decisions.filter((d) => !d.keep).map((d) => d.name),
    decisions,
  };
}

/** `keep: N` is the policy `{last: N}` (at least 1). */
export function policyOf(keep: KeepSetting): RetentionPolicy {
  return typeof keep === 'number' ? { last: Math.max(1, Math.floor(Number.isFinite(keep) ? keep : 1)) } : keep;
}

/** One line per rule, e.g. "last 3, daily 7, weekly 4, monthly 6, within 30d". */
export function describePolicy(keep: KeepSetting): string {
  const p = policyOf(keep);
  const parts = (['last', 'daily', 'weekly', 'monthly'] as const).filter((k) => (p[k] ?? 0) > 0).map((k) => `${k} ${p[k]}`);
  if ((p.within ?? 0) > 0) parts.push(`within ${formatDuration(p.within!)}`);
  return parts.length > 0 ? parts.join(', ') : 'newest only';
}
