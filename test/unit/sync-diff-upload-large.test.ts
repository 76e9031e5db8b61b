/**
 * The diff upload's size check on a real repository: a changed file above MAX_DIFF_ARCHIVE_BYTES
 * is never read into the runner's memory (git's object size decides), the full upload runs.
 */
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lsTreeBytes, treeBytes } from '../../src/git/tree-bytes.js';
import { changedArchive, MAX_DIFF_ARCHIVE_BYTES } from '../../src/sync/diff-upload.js';

const MB = 1024 * 1024;

describe('lsTreeBytes', () => {
  it('sums the blob sizes of `git ls-tree -l -z` output; a submodule counts 0', () => {
    const oid = 'a'.repeat(40);
    const out = [
      `100644 blob ${oid}     120\ta b.txt`,
      `160000 commit ${oid}       -\tsub`,
      `120000 blob ${oid}      7\tlink\ttab`,
      '',
    ].join('\0');
    expect(lsTreeBytes(out)).toBe(127);
    expect(lsTreeBytes('')).toBe(0);
  });
});

describe('changedArchive: a changed file above the limit', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-diff-large-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });

  it('is not read into memory (peak rss far below its size): null, the full upload runs', async () => {
    const size = MAX_DIFF_ARCHIVE_BYTES + 96 * MB; // 160 MB of zeros: cheap to make, tiny gzipped
    git('init', '-q');
    writeFileSync(join(dir, 'small.txt'), 'a\n');
    writeFileSync(join(dir, 'big.bin'), '');
    truncateSync(join(dir, 'big.bin'), size);
    git('add', '.');
    git('commit', '-q', '-m', 'big');
    const sha = git('rev-parse', 'HEAD').trim();
    execFileSync('rm', ['-f', join(dir, 'big.bin')]);
    expect(await treeBytes(dir, sha, ['big.bin', 'small.txt'])).toBe(size + 2);

    const base = process.memoryUsage.rss();
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
    let archive: Buffer | null;
    try {
      archive = await changedArchive(dir, sha, ['big.bin', 'small.txt'], '0022');
    } finally {
      clearInterval(timer);
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(peak - base).toBeLessThan(size / 4);
    expect(archive).toBeNull();
    // below the limit the archive is made as before
    expect(await changedArchive(dir, sha, ['small.txt'], '0022')).toBeInstanceOf(Buffer);
  }, 120_000);
});
