/** Files of a target's SQLite database that live inside its deployed tree (pure). */
import { posix } from 'node:path';
import type { Target } from './schema.js';

/** The database file and the files SQLite keeps beside it (WAL, shared memory, rollback journal). */
const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/**
 * Paths relative to `target.path` an upload must never delete nor overwrite: the backed-up SQLite
 * database and its -wal, -shm and -journal siblings when they lie inside the deployed tree, i.e.
 * layout "in-place" (a "releases" upload writes releases/<id> only) and a host-side file (not one
 * inside a compose service). [] when none applies.
 */
export function sqliteProtectedPaths(target: Pick<Target, 'path' | 'layout' | 'backup'>): string[] {
  const backup = target.backup;
  if (target.layout !== 'in-place' || backup?.engine !== 'sqlite') return [];
  if ('service' in backup && backup.service !== undefined) return [];
  const root = posix.resolve(target.path);
  const rel = posix.relative(root, posix.resolve(root, backup.path));
  if (!rel || rel === '..' || rel.startsWith('../')) return [];
  return SQLITE_SUFFIXES.map((suffix) => `${rel}${suffix}`);
}
