/**
 * What every sync of a target's tree leaves alone (pure). One list, used by the deploy's upload,
 * its automatic revert, the rollback (both strategies, both layouts) and the passenger in-place
 * code snapshot and its restore, so that none of them can delete what another one keeps.
 */
import { posix } from 'node:path';
import type { Target } from '../config/schema.js';
import { passwordFileProtectedPaths, sqliteProtectedPaths } from '../config/sqlite-paths.js';

/**
 * In place, the tool's own directories share the root with the code: its state (lock, state.json,
 * audit log, snapshots), the backups, and the store of the shared paths (<path>/shared).
 */
export const IN_PLACE_OWNED = ['.deploy/', 'backups/', 'shared/'];

/** Never uploaded: VCS data. */
export const DEFAULT_EXCLUDES = ['/.git/'];

/** Written by the running Python app (passenger targets). */
const PASSENGER_RUNTIME_EXCLUDES = ['__pycache__/'];

export interface SyncRules {
  /** literal paths relative to the synced root: never sent, never deleted, never overwritten */
  protect: string[];
  /** rsync exclude patterns, verbatim: never sent, never deleted (target.exclude last) */
  excludes: string[];
  /** names of the directories the running app writes anywhere in its tree (among `excludes`) */
  runtime: string[];
}

const strip = (p: string): string => p.replace(/\/+$/, '');

/** `abs` relative to `root` as a directory entry ("venv/") when strictly inside it, else undefined. */
function dirInside(root: string, abs: string): string | undefined {
  const rel = posix.relative(root, abs);
  return rel && !rel.startsWith('..') && !posix.isAbsolute(rel) ? `${rel}/` : undefined;
}

/** Passenger: <app_root>/tmp/ (restart.txt) and, in place, a virtualenv inside the deploy path. */
function passengerOwned(target: Extract<Target, { strategy: 'passenger' }>): string[] {
  const owned = [`${posix.normalize(posix.join(target.app_root, 'tmp'))}/`];
  if (target.layout === 'in-place') {
    const root = posix.resolve(target.path);
    const venv = dirInside(root, posix.resolve(root, target.venv));
    if (venv) owned.push(venv);
  }
  return owned;
}

/**
 * The protection of a target's synced tree (a release directory, or the root in place):
 * - every `shared` entry, whatever it is on the host (in place: a link into <path>/shared, or the
 *   user's own file or directory), so the trailing "/" of a directory entry is dropped;
 * - in place: the tool's directories (IN_PLACE_OWNED), a host-side SQLite database inside the
 *   path with its -wal, -shm and -journal files, and the backup's `password_env_file` inside it;
 * - passenger: <app_root>/tmp/ and an in-place virtualenv.
 */
export function syncRules(target: Target): SyncRules {
  const protect = [
    ...(target.layout === 'in-place' ? IN_PLACE_OWNED : []),
    ...target.shared.map(strip),
    ...sqliteProtectedPaths(target),
    ...passwordFileProtectedPaths(target),
    ...(target.strategy === 'passenger' ? passengerOwned(target) : []),
  ];
  const runtime = target.strategy === 'passenger' ? PASSENGER_RUNTIME_EXCLUDES : [];
  return {
    protect: [...new Set(protect)],
    excludes: [...DEFAULT_EXCLUDES, ...runtime, ...target.exclude],
    runtime: runtime.map(strip),
  };
}
