/** Git LFS pointers, the refusal of a commit without its LFS content, the upload choice (pure, on literals). */
import { describe, expect, it } from 'vitest';
import { lfsAddFileArgs } from '../../src/sync/diff-upload.js';
import { lfsObjectPath, missingLfsMessage, parseLfsPointer, pointerSized, setsLfsFilter } from '../../src/git/lfs-pointers.js';
import { parseLsTreeLong } from '../../src/git/tree.js';
import { chooseUpload } from '../../src/sync/diff-plan.js';

const OID = 'ff3a234d4cc733ee4b1720573c0f35af0fef0afc4a1ef50a4033d0869d818ba9';
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 3000\n`;

describe('parseLfsPointer', () => {
  it.each([
    ['a pointer as git-lfs writes it', POINTER, { oid: OID, size: 3000 }],
    [
      'a pointer with an extension line before its oid',
      `version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${'1'.repeat(64)}\noid sha256:${OID}\nsize 12\n`,
      { oid: OID, size: 12 },
    ],
    ['another spec version', POINTER.replace('spec/v1', 'spec/v2'), null],
    ['an upper-case oid', POINTER.replace(OID, OID.toUpperCase()), null],
    ['no final line break', POINTER.slice(0, -1), null],
    ['a text quoting a pointer', `see:\n${POINTER}`, null],
    ['a pointer followed by more text', `${POINTER}${'x'.repeat(900)}\n`, null],
    ['an ordinary file', 'print("hello")\n', null],
  ])('%s', (_name, text, expected) => {
    expect(parseLfsPointer(text)).toEqual(expected);
  });
});

describe('pointerSized', () => {
  it('keeps the blobs of a pointer size (120 to 1023 bytes), not links, trees, submodules or other sizes', () => {
    const o = 'a'.repeat(40);
    const out = [
      `100644 blob ${o}     129\tassets/logo.png`,
      `100755 blob ${o}    1023\tbin/tool`,
      `100644 blob ${o}    1024\tbig.txt`,
      `100644 blob ${o}     119\tsmall.txt`,
      `120000 blob ${o}     130\tlink`,
      `160000 commit ${o}       -\tsub`,
      `100644 blob ${o}     200\ta name\twith a tab`,
      '',
    ].join('\0');
    expect(pointerSized(parseLsTreeLong(out))).toEqual(['assets/logo.png', 'bin/tool', 'a name\twith a tab']);
  });
});

describe('setsLfsFilter', () => {
  it.each([
    ['*.png filter=lfs diff=lfs merge=lfs -text\n', true],
    ['*.txt text\n"media/a b.bin" filter=lfs -text\n', true],
    ['*.png filter=lfs\n', true],
    ['*.png filter=lfsx\n', false],
    ['*.png myfilter=lfs\n', false],
    ['*.txt text eol=lf\n', false],
  ])('%j: %s', (text, expected) => {
    expect(setsLfsFilter(text)).toBe(expected);
  });
});

describe('lfsObjectPath', () => {
  it('is <store>/<aa>/<bb>/<oid>', () => {
    expect(lfsObjectPath('/r/.git/lfs/objects', OID)).toBe(`/r/.git/lfs/objects/ff/3a/${OID}`);
  });
});

describe('missingLfsMessage', () => {
  it('names the files and says to check out with lfs: true', () => {
    const files = [
      { path: 'a.bin', oid: OID, size: 1 },
      { path: 'media/b c.png', oid: OID, size: 2 },
    ];
    expect(missingLfsMessage('0123456789abcdef0123456789abcdef01234567', files)).toBe(
      'Git LFS: 2 files of 0123456789ab are LFS pointers whose content is not in the local LFS store: a.bin, media/b c.png. ' +
        'The deploy does not upload pointer files: check the repository out with its LFS objects (actions/checkout with `lfs: true`, or `git lfs pull`) and deploy again. Nothing was changed.',
    );
  });

  it('names at most ten files, then how many more', () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ path: `f${i}`, oid: OID, size: 1 }));
    const message = missingLfsMessage('0'.repeat(40), files);
    expect(message).toContain('12 files of 000000000000 are LFS pointers');
    expect(message).toContain('f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 2 more.');
  });
});

describe('the diff upload of a commit with Git LFS files', () => {
  it('chooseUpload does not refuse it: a release whose manifest matches (v2) holds LFS content', () => {
    const facts = {
      previous: 'a'.repeat(40),
      sha: 'b'.repeat(40),
      changed: ['media/logo.bin'],
      tree: [...Array(99).keys()].map(String),
      rewrites: false,
    };
    expect(chooseUpload(facts).mode).toBe('diff');
  });

  it('lfsAddFileArgs: each file added from the export under its directory as prefix, the prefix reset last', () => {
    const oid = 'c'.repeat(64);
    const files = [
      { path: 'logo.bin', oid, size: 3 },
      { path: 'static/img/a b.bin', oid, size: 4 },
    ];
    expect(lfsAddFileArgs({ dir: '/tmp/x', files })).toEqual([
      '--prefix=',
      '--add-file=/tmp/x/logo.bin',
      '--prefix=static/img/',
      '--add-file=/tmp/x/static/img/a b.bin',
      '--prefix=',
    ]);
    expect(lfsAddFileArgs({ dir: '/tmp/x', files: [] })).toEqual([]);
    expect(lfsAddFileArgs(undefined)).toEqual([]);
  });
});
