import { describe, expect, it } from 'vitest';
import { lockDirFix } from '../../src/session/lock.js';

describe('lockDirFix: the deploy user may not create <path>/.deploy', () => {
  it('permission denied → mkdir + chown of the deploy path', () => {
    expect(lockDirFix('/srv/app/.deploy/lock', "mkdir: cannot create directory '/srv/app': Permission denied")).toBe(
      '\nfix: sudo mkdir -p /srv/app && sudo chown <deploy user>: /srv/app (docs/prepare-server.md; `gitops-deploy doctor` checks write access)',
    );
  });

  it('any other failure → nothing added', () => {
    expect(lockDirFix('/srv/app/.deploy/lock', 'mkdir: cannot create directory: No space left on device')).toBe('');
  });
});
