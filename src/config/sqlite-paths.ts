/** Files a target's backup uses (the SQLite database, the password env file) that lie inside its in-place tree (pure). */
import { posix } from 'node:path';
import type { Target } from './schema.js';

/** The database file and the files SQLite keeps beside it (WAL, shared memory, rollback journal). */
const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

type InPlaceFacts = Pick<Target, 'path' | 'layout' | 'backup'>;

/** `p` (relative to the deploy path, or absolute) relative to it when the tree is in place and holds it, else undefined. */
function inPlaceRelative(target: InPlaceFacts, p: string): string | undefined {
  if (target.layout !== 'in-place') return undefined;
  const root = posix.resolve(target.path);
  const rel = posix.relative(root, posix.resolve(root, p));
  return !rel || rel === '..' || rel.startsWith('../') ? undefined : rel;
}

/**
 * Paths relative to `target.path` an upload must never delete nor overwrite: the backed-up SQLite
 * database and its -wal, -shm and -journal siblings when they lie inside the deployed tree, i.e.
 * layout "in-place" (a "releases" upload writes releases/<id> only) and a host-side file (not one
 * inside a compose service). [] when none applies.
 */
export function sqliteProtectedPaths(target: InPlaceFacts): string[] {
  const backup = target.backup;
  if (backup?.engine !== 'sqlite') return [];
  if ('service' in backup && backup.service !== undefined) return [];
  const rel = inPlaceRelative(target, backup.path);
  return rel ? SQLITE_SUFFIXES.map((suffix) => `${rel}${suffix}`) : [];
}

/**
 * The env file every backup reads its password from (`password_env_file`) when it lies inside the
 * in-place tree, relative to `target.path`: the user's file, which the commit does not hold. []
 * otherwise (the default file is a `shared` entry, protected as such).
 */
export function passwordFileProtectedPaths(target: InPlaceFacts): string[] {
  const file = target.backup && 'password_env_file' in target.backup ? target.backup.password_env_file : undefined;
  const rel = file === undefined ? undefined : inPlaceRelative(target, file);
  return rel ? [rel] : [];
}
