/** What each database engine contributes to the backup: pure argv builders and a verify snippet. */
import type { BackupSpec } from '../types.js';

/** Quotes an argv into shell text that runs it where the database lives (host or compose service). */
export type RunWhere = (argv: string[]) => string;

export interface EngineCommands {
  /** environment variable the client tools read the password from (none for sqlite) */
  passwordVar?: 'MYSQL_PWD' | 'PGPASSWORD';
  /** argv writing the dump to stdout. `tmpDir`: scratch directory where the tool runs */
  dumpArgv(spec: BackupSpec, dbPath: string, tmpDir: string): string[];
  /** argv reading the decompressed dump on stdin and loading it into `database` */
  restoreArgv(spec: BackupSpec, database: string, tmpDir: string): string[];
  /**
   * POSIX sh lines verifying the gzip'd dump in "$T" (cwd: the backups dir); they call
   * `gd_fail "<reason>"` on failure and may use "$T.out" / "$T.err".
   */
  verifySnippet(run: RunWhere, tmpDir: string): string;
}
