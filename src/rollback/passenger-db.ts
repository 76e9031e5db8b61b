/**
 * restore-db of a passenger rollback. The backup is checked in preflight (refused, nothing changed,
 * when it is gone) but restored only once the target's code is ready (uploaded again when it was
 * pruned, its requirements installed, public_html restored), just before the switch: a failure to
 * get the code ready leaves the database as it was. When the switch or the health check fails after
 * the restore, the undo puts the database back from the safety backup taken just before it (itself
 * after a safety backup, so what was written meanwhile is kept in a file), then the code.
 */
import path from 'node:path';
import { restoreWithSafetyBackup } from '../backup/database.js';
import { checkDbRestore, restoreChecked } from './flow.js';
import type { PassengerRollback } from './types.js';

/** Preflight: the restore-db choice, checked on the host. */
export async function checkPassengerDbRestore(r: PassengerRollback): Promise<void> {
  r.db = await checkDbRestore(r);
}

/** The step: safety backup, then the restore of the checked backup. */
export async function restorePassengerDb(r: PassengerRollback): Promise<void> {
  r.dbSafety = await restoreChecked(r, r.db!);
}

/** Undo: the database as it was before the rollback's restore; what was done (undefined: nothing restored). */
export async function undoPassengerDb(r: PassengerRollback): Promise<string | undefined> {
  if (!r.rollback.restored) return undefined;
  const safety = r.dbSafety;
  if (!safety) return 'database left as restored (there was no database before the restore, so nothing to put back)';
  const kept = [...(r.db?.protect ?? []), { name: path.posix.basename(r.rollback.restored.file), why: 'restored by the rollback' }];
  // its own safety backup is of the target's data: named after the target (never the file restored from)
  await restoreWithSafetyBackup(r.s, safety, r.to.sha, undefined, kept);
  r.rollback.restored = undefined;
  return `database put back from ${path.posix.basename(safety.file)}`;
}
