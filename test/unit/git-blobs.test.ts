import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobText, readBlobs } from '../../src/git/blobs.js';
import { openCatFile, readBatchAnswer } from '../../src/git/cat-file.js';
import { rejectionMessage } from './helpers/errors.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

const OID = 'a'.repeat(40);

/** Every answer of complete `git cat-file --batch` output, as readBlobs gives them. */
function parseBatch(out: Buffer, count: number): (string | null)[] {
  const texts: (string | null)[] = [];
  for (let i = 0, at = 0; i < count; i++) {
    const answer = readBatchAnswer(out, at);
    if (!answer) throw new Error('git cat-file --batch: truncated output');
    texts.push(blobText(answer.object));
    at = answer.next;
  }
  return texts;
}

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

describe('readBatchAnswer (output read as it comes)', () => {
  const whole = Buffer.from(`${OID} blob 3\nabc\nHEAD:x missing\n${OID} commit 2\nhi\n`);

  it('reads answer after answer: id, type, bytes, and where the next starts', () => {
    const a = readBatchAnswer(whole, 0);
    expect(a && { oid: a.object?.oid, type: a.object?.type, text: blobText(a.object ?? null), next: a.next }).toEqual({
      oid: OID,
      type: 'blob',
      text: 'abc',
      next: 52,
    });
    const b = readBatchAnswer(whole, 52);
    expect(b).toEqual({ object: null, next: 67 });
    const c = readBatchAnswer(whole, 67);
    expect([c?.object?.type, c?.object?.content.toString(), c?.next, blobText(c?.object ?? null)]).toEqual([
      'commit',
      'hi',
      whole.length,
      null,
    ]);
  });

  it('is undefined until the whole answer, with its closing line break, has come', () => {
    for (const cut of [0, 10, 47, 50, 51]) expect(readBatchAnswer(whole.subarray(0, cut), 0), `cut at ${cut}`).toBeUndefined();
    expect(readBatchAnswer(whole.subarray(0, 52), 0)?.next).toBe(52);
    expect(readBatchAnswer(whole.subarray(0, 60), 52)).toBeUndefined();
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

  it('one cat-file answers round after round, the rounds asked at once answered in order', async () => {
    const catFile = openCatFile(repo.dir);
    try {
      const [a, b] = await Promise.all([
        catFile.ask([`${second}:docker/compose.yml`, 'nope:x', `${first}^{commit}`]),
        catFile.ask([`${first}:a b/.dockerignore`]),
      ]);
      expect(a.map(blobText)).toEqual(['services: {web: {}}\n', null, null]);
      expect([a[2]?.type, a[2]?.oid]).toEqual(['commit', first]);
      expect(b.map(blobText)).toEqual(['*.log\n']);
      expect(await readBlobs(repo.dir, [{ sha: first, path: 'docker/compose.yml' }], catFile)).toEqual(['services: {}\n']);
      expect(await catFile.ask(['line\nbreak', `${first}:docker`])).toEqual([null, expect.objectContaining({ type: 'tree' })]);
      expect(await catFile.ask([])).toEqual([]);
    } finally {
      catFile.close();
    }
  });

  it('a blob larger than a pipe buffer is read whole', async () => {
    const big = 'x'.repeat(300_000) + '\n';
    const third = await repo.commit({ 'big.txt': big });
    const catFile = openCatFile(repo.dir);
    try {
      expect(
        await readBlobs(
          repo.dir,
          [
            { sha: third, path: 'big.txt' },
            { sha: third, path: 'docker/.env' },
          ],
          catFile,
        ),
      ).toEqual([big, 'X=1\n']);
    } finally {
      catFile.close();
    }
  });

  it('outside a repository every round fails with git’s reason', async () => {
    const catFile = openCatFile(dirname(dirname(repo.dir)));
    try {
      expect(await rejectionMessage(catFile.ask(['HEAD']), Error)).toMatch(/git cat-file --batch exited 128/);
      expect(await rejectionMessage(catFile.ask(['HEAD']), Error)).toMatch(/git cat-file --batch exited 128/);
    } finally {
      catFile.close();
    }
  });
});
