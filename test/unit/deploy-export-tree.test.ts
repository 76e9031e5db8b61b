import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTree } from '../../src/sync/export-tree.js';
import { initRepo, useHostileTempDir, type TempRepo } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-export');
const FILES = {
  'a file with spaces.txt': 'spaces\n',
  'dir/it\'s "quoted".txt': 'quotes\n',
  'docker/docker-compose.yml': 'services: {}\n',
};

let repo: TempRepo;
let sha = '';
let oldTmp: string | undefined;
/** exportTree's own temp dirs go to a private TMPDIR, so "nothing left behind" is checkable. */
const privateTmp = (): string => join(tmp(), 'tmpdir');

beforeEach(async () => {
  repo = await initRepo(join(tmp(), 'repo'));
  sha = await repo.commit(FILES);
  await mkdir(privateTmp());
  oldTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp();
});
afterEach(() => {
  if (oldTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = oldTmp;
});

describe('exportTree on a real git repository', () => {
  it('exports every committed file (names with spaces and quotes) and a REVISION with the sha', async () => {
    const tree = await exportTree(repo.dir, sha);
    try {
      expect(tree.dir.startsWith(privateTmp())).toBe(true);
      for (const [path, content] of Object.entries(FILES)) expect(await readFile(join(tree.dir, path), 'utf8')).toBe(content);
      expect(await readFile(join(tree.dir, 'REVISION'), 'utf8')).toBe(`${sha}\n`);
      expect((await readdir(tree.dir)).sort()).toEqual(['REVISION', 'a file with spaces.txt', 'dir', 'docker']);
      expect((await stat(tree.dir)).mode & 0o777).toBe(0o755);
    } finally {
      await tree.cleanup();
    }
    expect(existsSync(tree.dir)).toBe(false);
  });

  it('exports the tree of the given commit, not the work tree or HEAD', async () => {
    const second = await repo.commit({ 'a file with spaces.txt': 'changed\n', 'new.txt': 'new\n' });
    const tree = await exportTree(repo.dir, sha);
    try {
      expect(await readFile(join(tree.dir, 'a file with spaces.txt'), 'utf8')).toBe('spaces\n');
      expect(existsSync(join(tree.dir, 'new.txt'))).toBe(false);
      expect(second).not.toBe(sha);
    } finally {
      await tree.cleanup();
    }
  });

  it.each([
    ['an unknown sha', 'deadbeef'.repeat(5)],
    ['garbage', 'not-a-revision'],
  ])('%s rejects (git archive failure) and leaves no temp dir behind', async (_name, bad) => {
    await expect(exportTree(repo.dir, bad)).rejects.toThrow(/git archive exited/);
    expect(await readdir(privateTmp())).toEqual([]);
  });
});
