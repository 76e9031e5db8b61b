/** SQLite: online snapshot of the live file (never `cp`), integrity-checked after compression. */
import type { EngineCommands, EngineVerify, RunWhere } from './types.js';
import { SQLITE_CHECK, SQLITE_RESTORE, SQLITE_SNAPSHOT } from './sqlite-scripts.js';

export function sqliteSnapshotArgv(dbPath: string, tmpDir: string): string[] {
  return ['sh', '-c', SQLITE_SNAPSHOT, 'gd-sqlite-snapshot', dbPath, tmpDir];
}

export function sqliteCheckArgv(tmpDir: string): string[] {
  return ['sh', '-c', SQLITE_CHECK, 'gd-sqlite-check', '', tmpDir];
}

export function sqliteRestoreArgv(dbPath: string, tmpDir: string): string[] {
  return ['sh', '-c', SQLITE_RESTORE, 'gd-sqlite-restore', dbPath, tmpDir];
}

function verify(run: RunWhere, tmpDir: string): EngineVerify {
  return {
    reader: run(sqliteCheckArgv(tmpDir)),
    readerFailed: 'sqlite integrity check could not run',
    check: `[ "$(cat "$T.out")" = ok ] || gd_fail "PRAGMA integrity_check: $(head -c 300 "$T.out")"`,
  };
}

export const sqliteEngine: EngineCommands = {
  dumpArgv: (_spec, dbPath, tmpDir) => sqliteSnapshotArgv(dbPath, tmpDir),
  restoreCommand: (_spec, dbPath, tmpDir, dump, run) => `${dump} | ${run(sqliteRestoreArgv(dbPath, tmpDir))}`,
  verify,
};
