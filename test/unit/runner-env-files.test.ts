/** A runner build gets empty stand-ins for the env files the commit lacks (shared on the hosts), never outside the tree. */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
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
