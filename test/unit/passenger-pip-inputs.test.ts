import { describe, expect, it } from 'vitest';
import { changedInputs, pipArgsFindLinks, repoPath, requirementRefs } from '../../src/strategies/passenger/pip-inputs.js';

describe('requirementRefs: what pip reads through a requirements file', () => {
  it('includes and constraints in every spelling; local find-links; URLs (file:// too) and comments left out', () => {
    const text = [
      '# -r commented.txt',
      '-r base.txt',
      '--requirement=prod.txt  # trailing comment',
      '-rglued.txt',
      '-c constraints.txt',
      '--constraint ../shared/pins.txt',
      '-f wheels',
      '--find-links file:///abs/wheels',
      '--find-links https://example.com/simple',
      '-r https://example.com/reqs.txt',
      'django==4.2 \\',
      '  --hash=sha256:abc',
      'libx==1.0',
    ].join('\n');
    expect(requirementRefs(text)).toEqual({
      includes: ['base.txt', 'prod.txt', 'glued.txt', 'constraints.txt', '../shared/pins.txt'],
      findLinks: ['wheels'],
    });
  });

  it('a plain requirements file names nothing', () => {
    expect(requirementRefs('libx==1.0\n-e .\n')).toEqual({ includes: [], findLinks: [] });
  });
});

describe('pipArgsFindLinks', () => {
  it('both spellings; a URL is not local', () => {
    expect(pipArgsFindLinks(['--no-index', '--find-links', 'wheels', '-f', 'more', '--find-links=third', '-f', 'https://x/y'])).toEqual([
      'wheels',
      'more',
      'third',
    ]);
  });
});

describe('repoPath and changedInputs', () => {
  it('resolves relative to the including file; outside the repository or absolute: none', () => {
    expect(repoPath('backend', 'requirements/base.txt')).toBe('backend/requirements/base.txt');
    expect(repoPath('backend/requirements', '../wheels/')).toBe('backend/wheels');
    expect(repoPath('.', 'base.txt')).toBe('base.txt');
    expect(repoPath('backend', '../../etc/x')).toBeUndefined();
    expect(repoPath('backend', '/abs/wheels')).toBeUndefined();
  });

  it('a file, or a file under a directory input, changed', () => {
    const changed = ['backend/app.py', 'backend/wheels/libx-2.0-py3-none-any.whl', 'backend/base.txt', 'backend/wheelsother/x'];
    expect(changedInputs(changed, ['backend/base.txt', 'backend/wheels'])).toEqual([
      'backend/base.txt',
      'backend/wheels/libx-2.0-py3-none-any.whl',
    ]);
  });
});
