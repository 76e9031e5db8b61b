/**
 * restore-db of a rollback (compose and passenger). The backup is checked in preflight (refused,
 * nothing changed, when it is gone) but restored only once the target's code is ready (uploaded
 * again when it was pruned; compose: its images back or rebuilt; passenger: its requirements
 * installed, public_html restored), just before it goes live: a failure to get the code ready leaves
 * the database as it was. When a later step (`up`, switch, tasks, health) fails, the undo puts the
 * database back from the safety backup taken just before the restore (itself after a safety backup,
 * so what was written meanwhile is kept in a file), then the code.
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

/** The step: safety backup, then the restore of the checked backup. */
export async function restoreRollbackDb(r: Run, inv?: ComposeInvocation): Promise<void> {
  r.dbSafety = await restoreChecked(r, r.db!, inv);
}

/** Undo: the database as it was before the rollback's restore; what was done (undefined: nothing restored). */
export async function undoRollbackDb(r: Run, inv?: ComposeInvocation): Promise<string | undefined> {
  if (!r.rollback.restored) return undefined;
  const safety = r.dbSafety;
  if (!safety) return 'database left as restored (there was no database before the restore, so nothing to put back)';
  const kept = [...(r.db?.protect ?? []), { name: path.posix.basename(r.rollback.restored.file), why: 'restored by the rollback' }];
  // its own safety backup is of the target's data: named after the target (never the file restored from)
  await restoreWithSafetyBackup(r.s, safety, r.to.sha, inv, kept);
  r.rollback.restored = undefined;
  return `database put back from ${path.posix.basename(safety.file)}`;
}
