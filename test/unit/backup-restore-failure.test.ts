import { describe, expect, it } from 'vitest';
import { restoreFailure } from '../../src/backup/database.js';
import { BackupError } from '../../src/backup/errors.js';

describe('restoreFailure: a failed restore names the safety backup', () => {
  it('keeps the BackupError (reason and tool stderr) and says where the state before the restore is', () => {
    const e = restoreFailure(new BackupError('restore of a.sql.gz: restore exited with status 1', 'ERROR 1064'), 'prod', 'prod-1.sql.gz');
    expect(e).toBeInstanceOf(BackupError);
    expect((e as BackupError).reason).toBe(
      'restore of a.sql.gz: restore exited with status 1; if the database was changed, its state before the restore is in the safety backup prod-1.sql.gz (restore --backup prod-1.sql.gz --confirm prod)',
    );
    expect((e as BackupError).stderr).toBe('ERROR 1064');
  });

  it('without a safety backup (no database before): says so', () => {
    const e = restoreFailure(new Error('ssh exit 255'), 'prod');
    expect(e).not.toBeInstanceOf(BackupError);
    expect(e.message).toBe('ssh exit 255; there was no database before the restore (no safety backup)');
  });
});
