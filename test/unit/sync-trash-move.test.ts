import { describe, expect, it } from 'vitest';
import { trashMoveFailed } from '../../src/sync/trash.js';

// rsync 3.2.7's stderr in the failed full run (an in-place sync deleting pip's egg-info directory)
const SEEN = `rsync: [generator] delete_file: make_backup(mypkg/mypkg.egg-info/top_level.txt) failed: File exists (17)
rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]`;

describe('trashMoveFailed: the rsync failure an in-place upload runs once more', () => {
  it.each([
    ['the failure seen, exit 23', SEEN, 23, true],
    ['the same text with another exit code', SEEN, 12, false],
    [
      'another partial transfer (permission denied)',
      'rsync: [receiver] mkstemp "/srv/app/x" failed: Permission denied (13)\nrsync error: some files/attrs were not transferred (code 23)',
      23,
      false,
    ],
    ['a full disk', 'rsync: [receiver] write failed on "/srv/app/x": No space left on device (28)', 11, false],
  ])('%s', (_name, stderr, code, expected) => {
    expect(trashMoveFailed(stderr, code)).toBe(expected);
  });
});
