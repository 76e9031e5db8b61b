/** What retention planning (policy.ts) reads: the listing of the backups directory and the options. */
import type { ProtectedBackup } from '../record/release-retention.js';

export type { ProtectedBackup } from '../record/release-retention.js';

export interface BackupListingEntry {
  /** file name in the backups directory */
  name: string;
  /** a sidecar `<name>.json` with `"verified": true` exists */
  verified: boolean;
}

export interface RetentionOptions {
  /** only this target's backups are considered */
  target: string;
  /** "now" of the deploy: backups dated more than FUTURE_SKEW_MS later neither count nor get deleted */
  now?: Date;
  /** backups that must stay whatever their date (the one just taken, those a rollback needs) */
  protect?: ProtectedBackup[];
  /** the backup just taken: newest among backups named with the same second */
  newest?: string;
}

/** Clock skew tolerated between the runner that names backups and this one. */
export const FUTURE_SKEW_MS = 5 * 60_000;
