import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBatch, readBlobs } from '../../src/git/blobs.js';
import { rejectionMessage } from './helpers/errors.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

const OID = 'a'.repeat(40);

describe('parseBatch (git cat-file --batch output)', () => {
  it.each<[string, string, number, (string | null)[]]>([
    ['one blob', `${OID} blob 3\nabc\n`, 1, ['abc']],
    ['a missing name', 'HEAD:nope missing\n', 1, [null]],
    ['blob, missing, blob', `${OID} blob 2\nhi\nx:y missing\n${OID} blob 0\n\n`, 3, ['hi', null, '']],
    ['a tree is not a file', `${OID} tree 5\n12345\n${OID} blob 1\nz\n`, 2, [null, 'z']],
    ['contents with line breaks and a fake header inside', `${OID} blob 44\na\n${OID} b\n\n`, 1, [`a\n${OID} b`]],
    ['utf-8 sizes in bytes', `${OID} blob 4\né€\n`.replace('blob 4', `blob ${Buffer.byteLength('é€')}`), 1, ['é€']],
  ])('%s', (_name, out, count, want) => {
    expect(parseBatch(Buffer.from(out), count)).toEqual(want);
  });

  it('truncated output is an error, not a wrong answer', () => {
    expect(() => parseBatch(Buffer.from(`${OID} blob 10\nabc`), 1)).toThrow(/truncated/);
    expect(() => parseBatch(Buffer.from(''), 1)).toThrow(/truncated/);
  });
});

describe('readBlobs on a real repository', () => {
  let repo: TempRepo;
  let first = '';
  let second = '';
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-blobs'));
    first = await repo.commit({ 'docker/compose.yml': 'services: {}\n', 'a b/.dockerignore': '*.log\n' });
    second = await repo.commit({ 'docker/compose.yml': 'services: {web: {}}\n', 'docker/.env': 'X=1\n' });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('reads files of two commits in one call, in order; absent paths and directories are null', async () => {
    const got = await readBlobs(repo.dir, [
      { sha: second, path: 'docker/compose.yml' },
      { sha: second, path: 'docker/.env' },
      { sha: first, path: 'docker/compose.yml' },
      { sha: first, path: 'docker/.env' },
      { sha: first, path: 'a b/.dockerignore' },
      { sha: first, path: 'docker' },
      { sha: first, path: 'line\nbreak' },
    ]);
    expect(got).toEqual(['services: {web: {}}\n', 'X=1\n', 'services: {}\n', null, '*.log\n', null, null]);
  });

  it('outside a repository it fails with git’s reason', async () => {
    expect(await rejectionMessage(readBlobs(dirname(dirname(repo.dir)), [{ sha: first, path: 'x' }]), Error)).toMatch(
      /git cat-file --batch exited 128/,
    );
  });
});
