import { describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import {
  BACKUP_EXTENSIONS,
  backupFileName,
  engineMismatch,
  backupsDir,
  formatStamp,
  parseBackupName,
  recordedBackupProblem,
} from '../../src/backup/naming.js';

describe('backup naming', () => {
  it('formats UTC stamps as YYYYMMDDTHHMMSSZ', () => {
    expect(formatStamp(new Date('2024-02-29T23:59:59.999Z'))).toBe('20240229T235959Z');
    expect(formatStamp(new Date('2024-02-29T23:59:59.999+02:00'))).toBe('20240229T215959Z');
  });

  it.each([
    ['mariadb', 'sql.gz'],
    ['mysql', 'sql.gz'],
    ['postgres', 'pgdump.gz'],
    ['sqlite', 'sqlite3.gz'],
  ] as const)('%s backups end in .%s', (engine, ext) => {
    expect(BACKUP_EXTENSIONS[engine]).toBe(ext);
    expect(backupFileName('prod-eu', new Date('2024-01-02T03:04:05Z'), 'ABCDEF0123456789', engine)).toBe(
      `prod-eu-20240102T030405Z-abcdef012345.${ext}`,
    );
  });

  it('round-trips through parseBackupName (targets may contain dashes)', () => {
    const name = backupFileName('prod-eu-2', new Date('2024-01-02T03:04:05Z'), 'abcdef1', 'postgres');
    expect(parseBackupName(name)).toEqual({
      target: 'prod-eu-2',
      stamp: '20240102T030405Z',
      time: Date.UTC(2024, 0, 2, 3, 4, 5),
      sha: 'abcdef1',
      ext: 'pgdump.gz',
    });
  });

  it.each([
    'prod-20240102T030405Z-abcdef012345.sql.gz.json',
    '.tmp-prod-20240102T030405Z-abcdef012345.sql.gz',
    'prod-20241302T030405Z-abcdef012345.sql.gz',
    'prod-20240102T030405Z-xyz.sql.gz',
    'prod-20240102T030405Z-abcdef012345.tar.gz',
    'notes.txt',
  ])('ignores %s', (name) => {
    expect(parseBackupName(name)).toBeUndefined();
  });

  it.each([['../etc'], ['a b'], [''], ['-x']])('rejects target %j', (target) => {
    expect(() => backupFileName(target, new Date(), 'abcdef12', 'sqlite')).toThrow(BackupError);
  });

  it('rejects a non-hex sha and an invalid date', () => {
    expect(() => backupFileName('prod', new Date(), 'HEAD', 'sqlite')).toThrow(/not a hex sha/);
    expect(() => backupFileName('prod', new Date(Number.NaN), 'abcdef12', 'sqlite')).toThrow(BackupError);
  });

  it('backups live in <deployPath>/backups', () => {
    expect(backupsDir('/srv/app/')).toBe('/srv/app/backups');
  });
});

describe('engineMismatch', () => {
  it('says why a file cannot be loaded by the engine, nothing when it can', () => {
    expect(engineMismatch('/srv/b/web-20240101T000000Z-abcdef012345.sql.gz', 'mariadb')).toBeUndefined();
    expect(engineMismatch('web-20240101T000000Z-abcdef012345.sql.gz', 'mysql')).toBeUndefined();
    expect(engineMismatch('/srv/b/web-20240101T000000Z-abcdef012345.sqlite3.gz', 'postgres')).toBe(
      "web-20240101T000000Z-abcdef012345.sqlite3.gz is a sqlite backup, the target's engine is postgres (its backups end in .pgdump.gz)",
    );
    expect(engineMismatch('dump.tar', 'sqlite')).toBe(
      "dump.tar is not a backup file of this tool, the target's engine is sqlite (its backups end in .sqlite3.gz)",
    );
  });
});

describe('recordedBackupProblem', () => {
  const name = 't-20240102T030405Z-0123456789ab.sqlite3.gz';
  it('accepts a backup of this tool directly in <path>/backups', () => {
    expect(recordedBackupProblem(`/srv/app/backups/${name}`, '/srv/app')).toBeUndefined();
    expect(recordedBackupProblem(`/srv/app/backups/${name}`, '/srv/app/')).toBeUndefined();
  });
  it('refuses ../, another directory, a relative path and a foreign file', () => {
    for (const file of [
      `/srv/app/backups/../../x/${name}`,
      `/tmp/${name}`,
      `backups/${name}`,
      '/srv/app/backups/.env',
      '/srv/app/backups/..',
    ]) {
      expect(recordedBackupProblem(file, '/srv/app')).toBe(`${JSON.stringify(file)} is not a backup file in /srv/app/backups`);
    }
  });
});
