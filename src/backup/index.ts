/** Pre-deploy database backup: public API. */
export { BackupError } from './errors.js';
export { BACKUP_EXTENSIONS, backupFileName, backupsDir, formatStamp, parseBackupName } from './naming.js';
export { planBackup, type BackupPlan } from './plan.js';
export { planRetention, type BackupListingEntry, type RetentionOptions } from './retention.js';
export { pruneBackups } from './prune.js';
export { planRestore, restoreBackup, type RestoreOptions } from './restore.js';
export { runBackup } from './run-backup.js';
export type * from './types.js';
