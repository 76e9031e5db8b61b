/** What each database engine contributes to the backup: pure argv builders and a verify snippet. */
import type { BackupSpec } from '../types.js';

/** Quotes an argv into shell text that runs it where the database lives (host or compose service). */
export type RunWhere = (argv: string[]) => string;

export interface EngineCommands {
  /** environment variable the client tools read the password from (none for sqlite) */
  passwordVar?: 'MYSQL_PWD' | 'PGPASSWORD';
  /** argv writing the dump to stdout. `tmpDir`: scratch directory where the tool runs */
  dumpArgv(spec: BackupSpec, dbPath: string, tmpDir: string): string[];
  /**
   * Shell text loading the dump written by the shell text `dump` (the decompressed backup on its
   * stdout) into `database`, replacing what is there: tables created after the backup do not stay.
   * `run` places an argv where the tools run, with the password. Exits non-zero when the load fails.
   */
  restoreCommand(spec: BackupSpec, database: string, tmpDir: string, dump: string, run: RunWhere, plain: RunWhere): string;
  /** a load that fails midway can leave the database partly replaced (it is not one transaction) */
  partialOnFailure?: true;
  /** argv creating `database` when it does not exist (a restore into a dropped database); none for sqlite */
  createArgv?(spec: BackupSpec, database: string): string[];
  /** how the plain dump is checked as it streams into gzip (nothing is decompressed again, see backup/pipeline.ts) */
  verify(run: RunWhere, tmpDir: string): EngineVerify;
  /** objects the dump leaves out, without failing, when the user cannot see them (see EngineBlindSpot) */
  blindSpot?: EngineBlindSpot;
}

/** A check run as the database user after a dump that exited 0. */
export interface EngineBlindSpot {
  /** argv (same connection and password as the dump) printing 0 when the dump may lack objects the user cannot see */
  argv(spec: BackupSpec, database: string): string[];
  /** the gd_fail reason then (what to grant) */
  failed: string;
  /** shell text reading the argv's output on stdin and printing what the check prints (0: blind), on the host */
  filter?(database: string): string;
}

/** The engine's part of the backup's verification. */
export interface EngineVerify {
  /** shell text reading the decompressed dump on stdin; its stdout goes to "$T.out" */
  reader: string;
  /** the gd_fail reason when the reader exits non-zero */
  readerFailed: string;
  /** POSIX sh lines checking "$T.out" (cwd: the backups dir); they call `gd_fail "<reason>"` */
  check: string;
  /** POSIX sh lines run when the dump exited non-zero, reading its stderr ("$T.err"): a `gd_fail` naming the cause */
  dumpFailed?: string;
}
