import { describe, expect, it } from 'vitest';
import { parseNameStatusZ } from '../../src/git/changed-files.js';
import type { ChangedFile } from '../../src/plan/types.js';

const z = (...parts: string[]): string => `${parts.join('\0')}\0`;

describe('parseNameStatusZ', () => {
  it.each<[string, string, ChangedFile[]]>([
    ['empty output', '', []],
    ['only a NUL', '\0', []],
    [
      'A / M / D / T',
      z('A', 'new.py', 'M', 'app/views.py', 'D', 'old.txt', 'T', 'link'),
      [
        { status: 'A', path: 'new.py' },
        { status: 'M', path: 'app/views.py' },
        { status: 'D', path: 'old.txt' },
        { status: 'T', path: 'link' },
      ],
    ],
    ['R100 carries old and new path', z('R100', 'a/old.py', 'b/new.py'), [{ status: 'R', path: 'b/new.py', oldPath: 'a/old.py' }]],
    [
      'R with a similarity below 100',
      z('R087', 'x', 'y', 'M', 'z'),
      [
        { status: 'R', path: 'y', oldPath: 'x' },
        { status: 'M', path: 'z' },
      ],
    ],
    ['C (copy) carries source and copy', z('C75', 'src.py', 'copy.py'), [{ status: 'C', path: 'copy.py', oldPath: 'src.py' }]],
    ['path with a newline', z('M', 'dir/line1\nline2.txt'), [{ status: 'M', path: 'dir/line1\nline2.txt' }]],
    [
      'paths with quotes, spaces, tabs and backslashes verbatim',
      z('A', `it's "q" \\ x\ty.txt`),
      [{ status: 'A', path: `it's "q" \\ x\ty.txt` }],
    ],
    [
      'unicode paths verbatim (no octal quoting)',
      z('M', 'docs/résumé 日本.md', 'R100', 'ä', 'ö'),
      [
        { status: 'M', path: 'docs/résumé 日本.md' },
        { status: 'R', path: 'ö', oldPath: 'ä' },
      ],
    ],
    [
      'a path that looks like a status code',
      z('M', 'R100', 'A', 'M'),
      [
        { status: 'M', path: 'R100' },
        { status: 'A', path: 'M' },
      ],
    ],
    ['no trailing NUL', 'M\0a.txt', [{ status: 'M', path: 'a.txt' }]],
    ['truncated record (status without path) is dropped', z('M', 'a.txt') + 'D', [{ status: 'M', path: 'a.txt' }]],
    ['truncated rename (no new path) is dropped', 'R100\0old', []],
  ])('%s', (_name, out, files) => {
    expect(parseNameStatusZ(out)).toEqual(files);
  });
});
