import { describe, expect, it } from 'vitest';
import { localEditables } from '../../src/strategies/passenger/editable.js';

describe('localEditables', () => {
  it.each([
    ['django==5.0\n', []],
    ['-e .\n', ['.']],
    ['--editable ./pkg\n', ['./pkg']],
    ['--editable=src/lib  # ours\n', ['src/lib']],
    ['  -e /srv/shared/lib\n', ['/srv/shared/lib']],
    ['-e git+https://example.com/x.git#egg=x\n', []],
    ['-e https://example.com/x.tar.gz\n', []],
    ['# -e .\n-r base.txt\n', []],
    ['requests\n-e .\n-e ../other\n', ['.', '../other']],
  ] as const)('%j → %j', (text, expected) => {
    expect(localEditables(text)).toEqual(expected);
  });
});
