/** Which backup a restore or a drill uses: the named one or the newest verified one (pure). */
import type { BackupInfo } from './inventory.js';
import { findBackup } from './inventory.js';
import { UserError } from '../core/errors.js';
import { engineMismatch } from './naming.js';
import type { BackupEngine } from './types.js';

function available(list: BackupInfo[]): string {
  const names = list
    .filter((b) => b.verified)
    .slice(0, 10)
    .map((b) => b.name);
  return names.length > 0 ? names.join(', ') : 'none';
}

/**
 * The backup to use; a UserError naming the available ones when it is missing or unverified, or is
 * a backup of another engine than `engine` (without a name: the newest verified one of `engine`).
 */
export function chooseBackup(list: BackupInfo[], target: string, name?: string, now = new Date(), engine?: BackupEngine): BackupInfo {
  if (name !== undefined && (name.includes('/') || name.startsWith('.'))) {
    throw new UserError(`backup: expected a file name from ${target}'s backups directory, got ${JSON.stringify(name)}`);
  }
  const usable = engine && name === undefined ? list.filter((b) => !engineMismatch(b.name, engine)) : list;
  const found = findBackup(usable, name, now);
  if (!found) {
    const what =
      name === undefined ? `no verified backup of ${target} on the host` : `backup ${JSON.stringify(name)} of ${target} not found`;
    throw new UserError(`${what} (available: ${available(list)})`);
  }
  if (!found.verified)
    throw new UserError(`backup ${found.name} is not verified (no sidecar with "verified": true); available: ${available(list)}`);
  const mismatch = engine && engineMismatch(found.name, engine);
  if (mismatch) throw new UserError(`backup ${mismatch}: it cannot be restored into this target's database`);
  return found;
}
