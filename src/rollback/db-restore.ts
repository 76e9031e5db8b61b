/**
 * restore-db of a rollback (compose and passenger). The backup is checked in preflight (refused,
 * nothing changed, when it is gone) but restored only once the target's code is ready (uploaded
 * again when it was pruned; compose: its images back or rebuilt; passenger: its requirements
 * installed, public_html restored), just before it goes live: a failure to get the code ready leaves
 * the database as it was. When a later step (`up`, switch, tasks, health) fails, the undo puts the
 * database back from the safety backup taken just before the restore (itself after a safety backup,
 * so what was written meanwhile is kept in a file), then the code; so does the undo of a restore that
 * failed midway on an engine whose load is not one transaction (MariaDB; PostgreSQL's and SQLite's
 * leave the database as it was).
 */
import path from 'node:path';
import type { ComposeInvocation } from '../apply/compose-command.js';
import { restoreWithSafetyBackup } from '../backup/database.js';
import { checkDbRestore, restoreChecked } from './flow.js';
import type { Retained, RollbackDb } from './types.js';
import type { DeployRun } from '../strategies/types.js';

type Run = Retained<DeployRun> & RollbackDb;

/** Preflight: the restore-db choice, checked on the host. */
export async function checkRollbackDb(r: Run): Promise<void> {
  r.db = await checkDbRestore(r);
}

/** The step: safety backup (noted before a load that can stop midway), then the restore of the checked backup. */
export async function restoreRollbackDb(r: Run, inv?: ComposeInvocation): Promise<void> {
  r.dbSafety = await restoreChecked(r, r.db!, inv, (safety) => (r.dbSafety = safety));
}

/**
 * Undo: the database as it was before the rollback's restore, whether that restore finished or failed
 * midway (`loading`: MariaDB's is not one transaction); what was done (undefined: nothing restored).
 */
export async function undoRollbackDb(r: Run, inv?: ComposeInvocation): Promise<string | undefined> {
  const touched = r.rollback.restored ?? r.rollback.loading;
  if (!touched) return undefined;
  const how = r.rollback.restored ? 'restored' : 'partly restored (its restore failed midway)';
  const safety = r.dbSafety;
  if (!safety) return `database left ${how} (there was no database before the restore, so nothing to put back)`;
  const kept = [...(r.db?.protect ?? []), { name: path.posix.basename(touched.file), why: 'restored by the rollback' }];
  // its own safety backup is of the target's data: named after the target (never the file restored from)
  await restoreWithSafetyBackup(r.s, safety, r.to.sha, inv, kept);
  r.rollback.restored = undefined;
  r.rollback.loading = undefined;
  return `database put back from ${path.posix.basename(safety.file)}`;
}
