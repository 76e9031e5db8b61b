import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlobs, globOptions } from '../../src/plan/globs.js';

const PATTERNS = [
  '**/*.py',
  '*.py',
  'requirements*.txt',
  'docker/Dockerfile',
  'Dockerfile',
  '**/templates/**',
  '**/static/**',
  'docs/**',
  '*.md',
  '**/migrations/*.py',
  'app/**/*.{html,txt}',
  '!**/*.md',
  'a[1].txt',
  '.env*',
  '**/.github/**',
  'src/*/index.?s',
  '+(a|b)/*.py',
  'a b/**',
  '**',
];
const PATHS = [
  'manage.py',
  'app/views.py',
  'requirements.txt',
  'backend/requirements-dev.txt',
  'docker/Dockerfile',
  'sub/Dockerfile',
  'app/templates/x.html',
  'app/static/a/b.css',
  'docs/a/b.md',
  'README.md',
  'app/migrations/0001_x.py',
  'app/x/y/z.txt',
  'a[1].txt',
  '.env',
  '.env.local',
  'x/.github/workflows/ci.yml',
  'src/mod/index.ts',
  'a/b.py',
  'b/c.py',
  'a b/c d.txt',
  '.hidden/.file',
  'static',
  'app/static',
];

describe('compileGlobs', () => {
  it('matches exactly like picomatch.isMatch with globOptions, for every pattern set', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...PATTERNS), { maxLength: 5 }), fc.constantFrom(...PATHS), (patterns, path) => {
        const expected = patterns.some((p) => picomatch.isMatch(path, p, globOptions(p)));
        expect(compileGlobs(patterns)(path)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['requirements*.txt', 'requirements.txt', true],
    ['requirements*.txt', 'backend/requirements-dev.txt', true],
    ['*.py', 'a/b/c.py', true],
    ['**/*.py', 'manage.py', true],
    ['docker/Dockerfile', 'x/docker/Dockerfile', false],
    ['**/migrations/*.py', 'app/migrations/0001.py', true],
    ['**/migrations/*.py', 'app/migrations/sub/0001.py', false],
    ['docs/**', '.github/docs/x.md', false],
    ['.github/**', '.github/workflows/ci.yml', true],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(compileGlobs([pattern])(path)).toBe(expected);
  });

  it('no pattern matches nothing', () => {
    expect(compileGlobs([])('a')).toBe(false);
  });
});
