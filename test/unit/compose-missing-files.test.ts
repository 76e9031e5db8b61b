import { describe, expect, it } from 'vitest';
import { looksLikeComposeFile, missingComposeFilesMessage } from '../../src/compose/missing-files.js';

describe('looksLikeComposeFile', () => {
  it.each([
    ['compose.yaml', true],
    ['docker/docker-compose.yml', true],
    ['docker-compose.prod.yml', true],
    ['deploy/compose.override.yaml', true],
    ['docker/compose-dev.yml', true],
    ['.github/workflows/deploy.yml', false],
    ['composer.json', false],
    ['docs/compose.md', false],
    ['my-docker-compose.yml', false],
  ])('%s → %s', (path, expected) => {
    expect(looksLikeComposeFile(path)).toBe(expected);
  });
});

describe('missingComposeFilesMessage', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const compose = { directory: '.', files: ['compose.yaml'] };

  it('names the missing file, the revision, the config keys, and the compose files that exist', () => {
    expect(
      missingComposeFilesMessage(['compose.yaml'], sha, compose, [
        'app/x.py',
        'docker/docker-compose.yml',
        'docker/docker-compose.prod.yml',
      ]),
    ).toBe(
      'compose file compose.yaml does not exist at 0123456789ab (compose.directory: ., compose.files: [compose.yaml]); compose files in that commit: docker/docker-compose.yml, docker/docker-compose.prod.yml',
    );
  });

  it('several missing files; no candidates at all', () => {
    const msg = missingComposeFilesMessage(['a.yml', 'b.yml'], sha, { directory: '.', files: ['a.yml', 'b.yml'] }, ['README.md']);
    expect(msg).toBe(
      'compose files a.yml, b.yml do not exist at 0123456789ab (compose.directory: ., compose.files: [a.yml, b.yml]); that commit has no file named like a compose file',
    );
  });

  it('caps the suggestions', () => {
    const tracked = Array.from({ length: 13 }, (_, i) => `s${String(i).padStart(2, '0')}/compose.yaml`);
    expect(missingComposeFilesMessage(['compose.yaml'], sha, compose, tracked)).toMatch(/s09\/compose\.yaml \(\+3 more\)$/);
  });
});
