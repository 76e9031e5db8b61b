import { describe, expect, it } from 'vitest';
import { layoutOf } from '../../src/sync/layout.js';
import { writtenNotCommitted, writtenSinceUploadScript, writtenSinceWarning } from '../../src/sync/written-since.js';

const layout = layoutOf("/srv/it's");

describe('writtenSinceUploadScript', () => {
  it('lists the regular files of the release newer than its manifest, NUL-separated; nothing without either', () => {
    expect(writtenSinceUploadScript(layout, 'abc')).toBe(
      "if [ -f '/srv/it'\\''s/.deploy/manifests/abc' ] && [ -d '/srv/it'\\''s/releases/abc' ]; then cd '/srv/it'\\''s/releases/abc' && find . -type f -newer '/srv/it'\\''s/.deploy/manifests/abc' -print0; fi",
    );
  });
});

describe('writtenNotCommitted', () => {
  it('drops the committed paths (a task rewriting a tracked file), keeps the rest, sorted', () => {
    const out = './uploads/b.jpg\0./app/static/stamp.txt\0./uploads/a b\n.jpg\0';
    expect(writtenNotCommitted(out, ['app/static/stamp.txt', 'docker-compose.yml'])).toEqual(['uploads/a b\n.jpg', 'uploads/b.jpg']);
    expect(writtenNotCommitted('', [])).toEqual([]);
  });
});

describe('writtenSinceWarning', () => {
  it('names the files (at most 10), what happens to them and the way out', () => {
    const files = Array.from({ length: 12 }, (_, i) => `media/${i}.jpg`);
    const text = writtenSinceWarning(layout, 'abc', files);
    expect(text).toContain("/srv/it's/releases/abc holds 12 files written after its upload");
    expect(text).toContain('media/9.jpg, … (12 files)');
    expect(text).not.toContain('media/10.jpg');
    expect(text).toContain("they are deleted when that release is pruned: list the directory in the target's shared");
    expect(writtenSinceWarning(layout, 'abc', ['media/a.jpg'])).toContain(
      'holds 1 file written after its upload that its commit does not have (media/a.jpg)',
    );
  });
});
