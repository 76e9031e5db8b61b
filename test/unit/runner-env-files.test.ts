/** A runner build gets empty stand-ins for the env files the commit lacks (shared on the hosts), never outside the tree. */
import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComposeModel } from '../../src/plan/types.js';
import { absentEnvFiles, standInEnvFiles } from '../../src/strategies/runner-env-files.js';
import { serviceOf } from './helpers/plans.js';

const model = (files: Record<string, string[]>): ComposeModel => ({
  services: Object.fromEntries(Object.entries(files).map(([name, envFiles]) => [name, { ...serviceOf(name), envFiles }])),
});

describe('absentEnvFiles', () => {
  it('lists each absent env file of every service once, sorted', () => {
    const m = model({ web: ['.env', 'config/web.env'], worker: ['.env'], db: ['config/db.env'] });
    expect(absentEnvFiles(m, (p) => p === 'config/db.env')).toEqual(['.env', 'config/web.env']);
  });

  it('leaves paths outside the tree alone', () => {
    const m = model({ web: ['../secrets/web.env', '/etc/app.env', '..', '.env'] });
    expect(absentEnvFiles(m, () => false)).toEqual(['.env']);
  });

  it('nothing when every env file is there or none is named', () => {
    expect(absentEnvFiles(model({ web: ['.env'] }), () => true)).toEqual([]);
    expect(absentEnvFiles(model({ web: [] }), () => false)).toEqual([]);
  });
});

describe('standInEnvFiles', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes an empty file for each absent one (directories too) and keeps a committed one as it is', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-standin-'));
    await mkdir(join(dir, 'config'));
    await writeFile(join(dir, 'config', 'db.env'), 'A=1\n');
    const written = await standInEnvFiles(dir, model({ web: ['.env', 'env/web.env'], db: ['config/db.env'] }));
    expect(written).toEqual(['.env', 'env/web.env']);
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('');
    expect(await readFile(join(dir, 'env', 'web.env'), 'utf8')).toBe('');
    expect(await readFile(join(dir, 'config', 'db.env'), 'utf8')).toBe('A=1\n');
  });
});

describe('standInEnvFiles with committed links', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("a committed link to the host's env file (dangling on the runner) is replaced by the stand-in; nothing is written through a linked directory", async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-standin-'));
    const tree = join(dir, 'tree');
    const outside = join(dir, 'outside');
    await mkdir(tree);
    await mkdir(outside);
    await symlink('/srv/app/shared/.env', join(tree, '.env'));
    await symlink(outside, join(tree, 'conf'));
    const written = await standInEnvFiles(tree, model({ web: ['.env', 'conf/web.env'] }));
    expect(written).toEqual(['.env']);
    expect((await lstat(join(tree, '.env'))).isFile()).toBe(true);
    expect(await readFile(join(tree, '.env'), 'utf8')).toBe('');
    expect(await readdir(outside)).toEqual([]);
  });
});
