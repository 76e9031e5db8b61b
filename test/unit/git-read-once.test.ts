/**
 * A deploy asks git about the same two commits in its plan and in its upload: each question (the
 * tree listing, the diff, the LFS files) runs one git process for the whole run (src/git/once.ts),
 * on a real repository, counted by a `git` first on PATH that logs its subcommand.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedPaths } from '../../src/git/diff-names.js';
import { lfsFiles } from '../../src/git/lfs-pointers.js';
import { readOnce } from '../../src/git/once.js';
import { repoAt } from '../../src/git/repo.js';
import { diffFacts } from '../../src/sync/diff-upload.js';
import { CONFIG } from './plan-fixture.js';
import { gatherBetween } from './helpers/gather.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

const COMPOSE = 'services:\n  web:\n    build: .\n    image: app\n';
const LONG = Array.from({ length: 40 }, (_, i) => `line ${i} of a file long enough for rename detection`).join('\n');

describe('git reads of full commit ids, once per run', () => {
  let repo: TempRepo;
  let v1 = '';
  let v2 = '';
  let shim = '';
  const path = process.env.PATH;
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-read-once'));
    v1 = await repo.commit({
      'docker/docker-compose.yml': COMPOSE,
      'app/a.txt': 'a',
      'app/old.txt': LONG,
      'app/gone.txt': 'x',
      'app/t': 't',
    });
    repo.git('mv', 'app/old.txt', 'app/new.txt');
    repo.git('rm', '-q', 'app/gone.txt', 'app/t');
    execFileSync('ln', ['-s', 'a.txt', join(repo.dir, 'app/t')]);
    v2 = await repo.commit({ 'app/a.txt': 'b', 'app/added.html': '<p>', 'app/new.txt': `${LONG}\nand one more` });
    shim = await mkdtemp(join(tmpdir(), 'gitops-git-shim-'));
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(shim, 'git'),
      `#!/bin/sh\nfor a; do case "$a" in ls-tree|diff|cat-file) echo "$a" >> ${shim}/calls;; esac; done\nexec ${real} "$@"\n`,
    );
    chmodSync(join(shim, 'git'), 0o755);
    process.env.PATH = `${shim}:${path}`;
  });
  afterAll(async () => {
    process.env.PATH = path;
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
    if (shim) await rm(shim, { recursive: true, force: true });
  });

  it("the plan's tree listing and diff serve the upload's facts and the LFS check: one ls-tree and one diff", async () => {
    const input = await gatherBetween(repo.dir, CONFIG, v1, v2);
    const facts = await diffFacts(repo.dir, v2, v1);
    const lfs = await Promise.all([lfsFiles(repo.dir, v2), lfsFiles(repo.dir, v2)]);
    const calls = readFileSync(join(shim, 'calls'), 'utf8').trim().split('\n');
    expect(calls.filter((c) => c === 'ls-tree')).toHaveLength(1);
    expect(calls.filter((c) => c === 'diff')).toHaveLength(1);
    expect(lfs).toEqual([[], []]);
    expect(facts.tree).toEqual(input.trackedFiles);
    expect(new Set(facts.changed)).toEqual(new Set(input.changes.flatMap((c) => (c.oldPath ? [c.oldPath, c.path] : [c.path]))));
  });

  it('changedPaths lists what `git diff --name-only --no-renames` lists (a rename as its two paths, a type change, a deletion)', async () => {
    const byGit = execFileSync('git', ['-C', repo.dir, 'diff', '--name-only', '--no-renames', '-z', v1, v2], { encoding: 'utf8' });
    const expected = byGit.split('\0').filter(Boolean).sort();
    expect(expected).toEqual(['app/a.txt', 'app/added.html', 'app/gone.txt', 'app/new.txt', 'app/old.txt', 'app/t']);
    expect((await changedPaths(repoAt(repo.dir).git, v1, v2))?.sort()).toEqual(expected);
  });
});

describe('readOnce', () => {
  const counted = () => {
    let n = 0;
    return { read: async () => ++n, count: () => n };
  };

  it('reads a full commit id once per owner, a ref or a short id each time', async () => {
    const owner = {};
    const full = counted();
    const ref = counted();
    for (let i = 0; i < 3; i++) {
      await readOnce(owner, 'x', ['0123456789abcdef0123456789abcdef01234567'], full.read);
      await readOnce(owner, 'x', ['HEAD'], ref.read);
      await readOnce(owner, 'x', ['0123456'], ref.read);
    }
    expect(full.count()).toBe(1);
    expect(ref.count()).toBe(6);
    await readOnce({}, 'x', ['0123456789abcdef0123456789abcdef01234567'], full.read);
    expect(full.count()).toBe(2);
  });

  it('keeps no failed read: the next caller asks again', async () => {
    const owner = {};
    const id = ['0123456789abcdef0123456789abcdef01234567'];
    let n = 0;
    const read = async (): Promise<number> => {
      if (++n === 1) throw new Error('git failed');
      return n;
    };
    await expect(readOnce(owner, 'y', id, read)).rejects.toThrow('git failed');
    expect(await readOnce(owner, 'y', id, read)).toBe(2);
    expect(await readOnce(owner, 'y', id, read)).toBe(2);
  });
});
