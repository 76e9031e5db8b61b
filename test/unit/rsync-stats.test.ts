import { describe, expect, it } from 'vitest';
import { parseItemized, parseRsyncStats } from '../../src/sync/run-rsync.js';

const OUTPUT = `cd+++++++++ ./
<f+++++++++ a file with spaces.txt
<f.st...... app/main.py
cL+++++++++ current -> releases/2
hf+++++++++ b => a
*deleting   old/thing.txt
.d..t...... static/

Number of files: 1,234 (reg: 1,000, dir: 230, link: 4)
Number of created files: 3 (reg: 2, dir: 1)
Number of deleted files: 1 (reg: 1)
Number of regular files transferred: 2
Total file size: 12,345,678 bytes
Total transferred file size: 1,024 bytes
Literal data: 1,024 bytes
Matched data: 0 bytes
File list size: 0
File list generation time: 0.001 seconds
File list transfer time: 0.000 seconds
Total bytes sent: 2,048,576
Total bytes received: 35

sent 2,048,576 bytes  received 35 bytes  4,097,222.00 bytes/sec
total size is 12,345,678  speedup is 6.03
`;

describe('rsync output parsing', () => {
  it('parses --stats (thousands separators, 3.x wording)', () => {
    expect(parseRsyncStats(OUTPUT)).toEqual({
      filesTransferred: 2,
      totalBytesSent: 2048576,
      totalBytesReceived: 35,
      totalFiles: 1234,
      deletedFiles: 1,
    });
  });

  it('parses older "Number of files transferred" wording and missing fields', () => {
    expect(parseRsyncStats('Number of files transferred: 7\nTotal bytes sent: 99\n')).toMatchObject({
      filesTransferred: 7,
      totalBytesSent: 99,
      deletedFiles: 0,
    });
  });

  it('parses itemized changes and ignores other lines', () => {
    expect(parseItemized(OUTPUT)).toEqual([
      { flags: 'cd+++++++++', path: './' },
      { flags: '<f+++++++++', path: 'a file with spaces.txt' },
      { flags: '<f.st......', path: 'app/main.py' },
      { flags: 'cL+++++++++', path: 'current -> releases/2' },
      { flags: 'hf+++++++++', path: 'b => a' },
      { flags: '*deleting', path: 'old/thing.txt' },
      { flags: '.d..t......', path: 'static/' },
    ]);
  });
});
