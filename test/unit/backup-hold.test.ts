import { describe, expect, it } from 'vitest';
import { holdPath, holdScript, releaseHoldScript } from '../../src/backup/hold.js';

describe('backup hold (drill and off-site copy after the lock)', () => {
  const file = '/srv/my app/backups/prod-20240102T030405Z-0123456789ab.sql.gz';
  it('links the backup and its sidecar to dot names next to them, and removes both', () => {
    expect(holdPath(file)).toBe('/srv/my app/backups/.hold-prod-20240102T030405Z-0123456789ab.sql.gz');
    expect(holdScript(file)).toBe(
      "find '/srv/my app/backups' -maxdepth 1 -name '.hold-*' -mmin +1440 -exec rm -f -- {} + 2>/dev/null\n" +
        "ln -f -- '/srv/my app/backups/prod-20240102T030405Z-0123456789ab.sql.gz' '/srv/my app/backups/.hold-prod-20240102T030405Z-0123456789ab.sql.gz' && " +
        "ln -f -- '/srv/my app/backups/prod-20240102T030405Z-0123456789ab.sql.gz.json' '/srv/my app/backups/.hold-prod-20240102T030405Z-0123456789ab.sql.gz.json' || " +
        "{ rm -f -- '/srv/my app/backups/.hold-prod-20240102T030405Z-0123456789ab.sql.gz'; exit 1; }",
    );
    expect(releaseHoldScript(file)).toBe(
      "rm -f -- '/srv/my app/backups/.hold-prod-20240102T030405Z-0123456789ab.sql.gz' '/srv/my app/backups/.hold-prod-20240102T030405Z-0123456789ab.sql.gz.json'",
    );
  });
});
