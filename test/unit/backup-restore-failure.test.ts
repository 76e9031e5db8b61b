import { describe, expect, it } from 'vitest';
import { putBackOutcome, restoreFailure } from '../../src/backup/database.js';
import { BackupError } from '../../src/backup/errors.js';
import { checkScript } from '../../src/backup/restore.js';

describe('restoreFailure: a failed restore names the safety backup', () => {
  it('keeps the BackupError (reason and tool stderr) and says where the state before the restore is', () => {
    const failed = new BackupError('restore of a.sql.gz: restore exited with status 1', 'ERROR 1064');
    const e = restoreFailure(failed, 'prod', 'a.sql.gz', 'prod-1.sql.gz');
    expect(e).toBeInstanceOf(BackupError);
    expect((e as BackupError).reason).toBe(
      'restore of a.sql.gz: restore exited with status 1; if the database was changed, its state before the restore is in the safety backup prod-1.sql.gz (restore --backup prod-1.sql.gz --confirm prod); to retry, name the backup: restore --backup a.sql.gz --confirm prod',
    );
    expect((e as BackupError).stderr).toBe('ERROR 1064');
  });

  it('without a safety backup (no database before): says so', () => {
    const e = restoreFailure(new Error('ssh exit 255'), 'prod', 'a.sql.gz');
    expect(e).not.toBeInstanceOf(BackupError);
    expect(e.message).toBe(
      'ssh exit 255; there was no database before the restore (no safety backup); to retry, name the backup: restore --backup a.sql.gz --confirm prod',
    );
  });
});

describe('a restore that failed midway and was put back (the restore command)', () => {
  it('says the database was put back instead of where to find it, keeps the retry hint and the cause', () => {
    const failed = new BackupError('restore of a.sql.gz: restore exited with status 1', 'ERROR 1064');
    const e = restoreFailure(failed, 'prod', 'a.sql.gz', 'prod-1.sql.gz', putBackOutcome('prod-1.sql.gz', 'prod'));
    expect((e as BackupError).reason).toBe(
      'restore of a.sql.gz: restore exited with status 1; the restore stopped midway (its load is not one transaction): the database was put back from the safety backup prod-1.sql.gz; to retry, name the backup: restore --backup a.sql.gz --confirm prod',
    );
    expect(e.cause).toBe(failed);
  });

  it('a put-back that failed too: says the database may be partly restored and how to put it back', () => {
    expect(putBackOutcome('prod-1.sql.gz', 'prod', new Error('ssh exit 255'))).toBe(
      'the restore stopped midway and putting the database back from the safety backup prod-1.sql.gz failed too (ssh exit 255): the database may be partly restored (restore --backup prod-1.sql.gz --confirm prod)',
    );
  });
});

describe('checkScript: the backup to restore is checked alone, before the safety backup', () => {
  it('gzip CRC and the sidecar sha256, no database tool', () => {
    const script = checkScript('/srv/app/backups/web-20250101T000000Z-abcdef123456.sql.gz');
    expect(script).toContain('gzip -t /srv/app/backups/web-20250101T000000Z-abcdef123456.sql.gz || gd_fail');
    expect(script).toContain('sha256sum /srv/app/backups/web-20250101T000000Z-abcdef123456.sql.gz');
    expect(script).toContain('gd_fail "sha256 does not match the sidecar"');
    expect(script.trim().split('\n').at(-1)).toBe('echo GD_CHECKED');
    expect(script).not.toMatch(/mysql|pg_restore|sqlite3/);
  });

  it('refuses a relative path', () => {
    expect(() => checkScript('backups/x.sql.gz')).toThrow(BackupError);
  });
});
