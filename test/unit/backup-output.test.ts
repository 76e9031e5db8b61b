import { describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { parseBackupOutput } from '../../src/backup/run-backup.js';

const SUM = 'ab'.repeat(32);

describe('parseBackupOutput', () => {
  const PLAN = { name: 'web-20240315T100000Z-abcdef012345.sql.gz', spare: ['web-20240315T100001Z-abcdef012345.sql.gz'] };
  const ok = (name: string) => ({ code: 0, stdout: `noise\nGD_RESULT 1234 ${SUM} ${name}\n`, stderr: '' });

  it.each([PLAN.name, PLAN.spare[0]!])('reads size, sha256 and the name the file was stored under (%s)', (name) => {
    expect(parseBackupOutput(ok(name), PLAN)).toEqual({ size: 1234, sha256: SUM, name });
  });

  it('refuses a name the plan did not allow', () => {
    expect(() => parseBackupOutput(ok('../../etc/passwd'), PLAN)).toThrow(/unexpected file name: "\.\.\/\.\.\/etc\/passwd"/);
  });

  it.each([
    [{ code: 3, stdout: 'GD_FAIL dump exited with status 2\n', stderr: 'x\n'.repeat(40) + 'Access denied' }, 'dump exited with status 2'],
    [{ code: 127, stdout: '', stderr: 'sh: gzip: not found' }, 'the backup script exited with status 127'],
    [{ code: 0, stdout: 'GD_RESULT 12 short\n', stderr: '' }, 'the backup script exited with status 0'],
    [{ code: 0, stdout: `GD_RESULT 12 ${SUM}\n`, stderr: '' }, 'the backup script exited with status 0'],
  ])('turns a failure into BackupError with the reason and the stderr tail', (res, reason) => {
    let err: unknown;
    try {
      parseBackupOutput(res, PLAN);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).reason).toBe(reason);
    expect((err as BackupError).stderr.split('\n').length).toBeLessThanOrEqual(20);
    expect((err as BackupError).message).toContain(res.stderr.split('\n').pop());
  });
});
