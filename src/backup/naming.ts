/** Backup file names: `<target>-<UTC YYYYMMDDTHHMMSSZ>-<sha12>.<ext>`, sortable and parseable. */
import path from 'node:path';
import { BackupError } from './errors.js';
import type { BackupEngine } from './types.js';
import { shortSha } from '../core/text.js';

/**
 * mariadb/mysql: gzip'd SQL text; postgres: gzip'd `pg_dump -Fc -Z0` archive (pg_restore input);
 * sqlite: gzip'd database file from the online backup API.
 */
export const BACKUP_EXTENSIONS: Readonly<Record<BackupEngine, string>> = {
  mariadb: 'sql.gz',
  mysql: 'sql.gz',
  postgres: 'pgdump.gz',
  sqlite: 'sqlite3.gz',
};

const TARGET_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SHA_RE = /^[0-9a-f]{4,}$/i;
const NAME_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*)-(\d{8}T\d{6}Z)-([0-9a-f]{4,12})\.(sql\.gz|pgdump\.gz|sqlite3\.gz)$/;

export interface ParsedBackupName {
  target: string;
  /** the name's timestamp, e.g. 20240102T030405Z */
  stamp: string;
  /** the timestamp in ms since the epoch */
  time: number;
  sha: string;
  ext: string;
}

/** `<deployPath>/backups` (POSIX: the path is on the remote host). */
export function backupsDir(deployPath: string): string {
  return path.posix.join(deployPath, 'backups');
}

/**
 * Why a backup path read from the host (state.json's `releases[].backup.file`) is not one of the
 * target's backups, undefined when it is (pure): it must name a backup file of this tool directly in
 * `<deployPath>/backups`. A corrupted or hand-edited path (`../`, another directory, a foreign file)
 * would make a restore load it and write its scratch files beside it.
 */
export function recordedBackupProblem(file: string, deployPath: string): string | undefined {
  const dir = backupsDir(deployPath);
  const name = path.posix.basename(file);
  if (file === path.posix.join(dir, name) && parseBackupName(name)) return undefined;
  return `${JSON.stringify(file)} is not a backup file in ${dir}`;
}

/** UTC `YYYYMMDDTHHMMSSZ`. */
export function formatStamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new BackupError('invalid backup time');
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The backup's file name; throws BackupError for a target or sha that cannot go into a file name. */
export function backupFileName(target: string, now: Date, sha: string, engine: BackupEngine): string {
  if (!TARGET_RE.test(target)) throw new BackupError(`target name ${JSON.stringify(target)} cannot name a backup file`);
  if (!SHA_RE.test(sha)) throw new BackupError(`commit ${JSON.stringify(sha)} is not a hex sha`);
  return `${target}-${formatStamp(now)}-${shortSha(sha).toLowerCase()}.${BACKUP_EXTENSIONS[engine]}`;
}

/**
 * Why a backup file cannot be loaded by `engine` (its name ends in another engine's extension, or in
 * none), undefined when it can (pure). A restore checks this before anything runs: the load of a
 * dump of another engine would fail part-way, after the safety backup and its retention.
 */
export function engineMismatch(file: string, engine: BackupEngine): string | undefined {
  const name = path.posix.basename(file);
  if (name.endsWith(`.${BACKUP_EXTENSIONS[engine]}`)) return undefined;
  const other = (Object.keys(BACKUP_EXTENSIONS) as BackupEngine[]).find((e) => name.endsWith(`.${BACKUP_EXTENSIONS[e]}`));
  const what = other ? `a ${other} backup` : 'not a backup file of this tool';
  return `${name} is ${what}, the target's engine is ${engine} (its backups end in .${BACKUP_EXTENSIONS[engine]})`;
}

/** Parses a backup file name; undefined for anything else (sidecars, temp files, foreign files). */
export function parseBackupName(name: string): ParsedBackupName | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  const [, target = '', stamp = '', sha = '', ext = ''] = m;
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!d) return undefined;
  const [y, mo, da, h, mi, s] = d.slice(1).map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, da, h, mi, s);
  if (formatStamp(new Date(time)) !== stamp) return undefined;
  return { target, stamp, time, sha, ext };
}
