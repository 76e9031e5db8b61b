/**
 * Git LFS files in the exported tree (what every upload sends), on a real repository made
 * with real git-lfs: the content from the local LFS store (not the pointer), whether or not git-lfs
 * is set up where the deploy runs; a commit whose LFS content is not here is refused.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { exportTree } from '../../src/sync/export-tree.js';
import { dropLfsObject, forgetLfsFilter, lfsTrack, NO_LFS_CONFIG } from '../e2e/harness/lfs.js';
import { initRepo, useHostileTempDir, type TempRepo } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const ready = withTools('Git LFS repositories', 'git-lfs');
const tmp = useHostileTempDir('gitops-lfs');
const BLOB = randomBytes(3000).toString('base64');
const saved: Record<string, string | undefined> = {};
const privateTmp = (): string => join(tmp(), 'tmpdir');

let repo: TempRepo;

beforeEach(async () => {
  for (const [k, v] of Object.entries({ ...NO_LFS_CONFIG, TMPDIR: privateTmp() })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  await mkdir(privateTmp());
  repo = await initRepo(join(tmp(), 'repo'));
});
afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rm(privateTmp(), { recursive: true, force: true });
});

/** A commit with `media/logo.bin` in Git LFS (its object in the local store) beside an ordinary file. */
async function lfsCommit(): Promise<string> {
  lfsTrack(repo.dir, '*.bin');
  return repo.commit({ 'media/logo.bin': BLOB, 'app.py': 'print(1)\n' });
}

describe.runIf(ready)('exportTree of a commit with Git LFS files', () => {
  it('git-lfs not set up where the deploy runs: the LFS file has its content, not its pointer', async () => {
    const sha = await lfsCommit();
    forgetLfsFilter(repo.dir);
    expect(repo.git('cat-file', '-p', `${sha}:media/logo.bin`)).toMatch(/^version https:\/\/git-lfs/);
    const tree = await exportTree(repo.dir, sha);
    try {
      expect(await readFile(join(tree.dir, 'media/logo.bin'), 'utf8')).toBe(BLOB);
      expect(await readFile(join(tree.dir, 'app.py'), 'utf8')).toBe('print(1)\n');
    } finally {
      await tree.cleanup();
    }
    expect(await readdir(privateTmp())).toEqual([]);
  });

  it('git-lfs set up (a checkout with lfs: true): the content too, taken from the store', async () => {
    const sha = await lfsCommit();
    const tree = await exportTree(repo.dir, sha);
    try {
      expect(await readFile(join(tree.dir, 'media/logo.bin'), 'utf8')).toBe(BLOB);
    } finally {
      await tree.cleanup();
    }
  });

  it.each([
    ['git-lfs not set up', true],
    ['git-lfs set up, no LFS server to fetch from', false],
  ])('%s, the object not in the local store: refused, naming the file; nothing exported', async (_name, forget) => {
    const sha = await lfsCommit();
    if (forget) forgetLfsFilter(repo.dir);
    dropLfsObject(repo.dir, sha, 'media/logo.bin');
    const refused = exportTree(repo.dir, sha);
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(/Git LFS: 1 file of [0-9a-f]{12} is an LFS pointer .*: media\/logo\.bin\. .*`lfs: true`/);
    expect(await readdir(privateTmp())).toEqual([]);
  });
});

describe.runIf(ready)('exportTree: what else the tree holds', () => {
  it('no .gitattributes sets filter=lfs: a committed pointer text is an ordinary file (as a checkout leaves it), no store needed', async () => {
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 12345\n`;
    const sha = await repo.commit({ 'docs/pointer-example.txt': pointer });
    const tree = await exportTree(repo.dir, sha);
    try {
      expect(await readFile(join(tree.dir, 'docs/pointer-example.txt'), 'utf8')).toBe(pointer);
      expect(tree.lfs).toEqual([]);
    } finally {
      await tree.cleanup();
    }
  });

  it('an executable LFS file stays executable; the tree lists its LFS files', async () => {
    lfsTrack(repo.dir, '*.bin');
    await repo.commit({ 'tool.bin': BLOB });
    repo.git('update-index', '--chmod=+x', 'tool.bin');
    repo.git('commit', '-q', '-m', 'x');
    const sha = repo.git('rev-parse', 'HEAD').trim();
    forgetLfsFilter(repo.dir);
    const tree = await exportTree(repo.dir, sha);
    try {
      expect(await readFile(join(tree.dir, 'tool.bin'), 'utf8')).toBe(BLOB);
      expect((await stat(join(tree.dir, 'tool.bin'))).mode & 0o111).not.toBe(0);
      expect(tree.lfs?.map((f) => f.path)).toEqual(['tool.bin']);
    } finally {
      await tree.cleanup();
    }
  });
});
