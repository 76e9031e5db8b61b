/** Committed files a `shared` entry hides (pure): named in a warning, one per entry. */
import { describe, expect, it } from 'vitest';
import { filesUnder, sharedHidesCommittedWarnings } from '../../src/plan/shared-warnings.js';

describe('sharedHidesCommittedWarnings', () => {
  const tracked = ['app.py', 'media/default.png', 'media/icons/a.svg', 'media-kit/x.txt', '.env', '.env.example'];

  it('a directory entry covers what is under it, a file entry only itself', () => {
    expect(filesUnder('media/', tracked)).toEqual(['media/default.png', 'media/icons/a.svg']);
    expect(filesUnder('.env', tracked)).toEqual(['.env']);
    expect(filesUnder('logs/', tracked)).toEqual([]);
  });

  it('one warning per entry that hides files, naming them; none for an entry that hides nothing', () => {
    expect(sharedHidesCommittedWarnings(tracked, { name: 'prod', shared: ['media/', '.env', 'logs/'] })).toEqual([
      'targets.prod.shared "media/" hides 2 committed files: media/default.png, media/icons/a.svg. A deploy never uploads them: ' +
        'media is a link to <path>/shared/media on the host. Copy what the app needs there by hand, or remove them from git',
      'targets.prod.shared ".env" hides a committed file: .env. A deploy never uploads it: ' +
        '.env is a link to <path>/shared/.env on the host. Copy what the app needs there by hand, or remove it from git',
    ]);
    expect(sharedHidesCommittedWarnings(tracked, { name: 'prod', shared: [] })).toEqual([]);
  });

  it('names the first five files and counts the rest', () => {
    const many = Array.from({ length: 8 }, (_, i) => `media/f${i}.png`);
    const [w] = sharedHidesCommittedWarnings(many, { name: 'p', shared: ['media/'] });
    expect(w).toContain('hides 8 committed files: media/f0.png, media/f1.png, media/f2.png, media/f3.png, media/f4.png (+3 more).');
  });
});
