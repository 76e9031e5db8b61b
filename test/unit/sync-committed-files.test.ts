import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/config/schema.js';
import { committedFiles } from '../../src/sync/committed-files.js';
import { useHostileTempDir } from './helpers/local-host.js';

describe('committedFiles', () => {
  const dir = useHostileTempDir('committed-files');

  it('lists the regular files of the export, not its links nor what the upload rules leave alone', async () => {
    const tree = dir();
    for (const d of ['app/static', 'media', 'node_modules/x', 'passenger/tmp']) await mkdir(join(tree, d), { recursive: true });
    for (const f of [
      'app/static/stamp.txt',
      'app/main.py',
      'media/seed.jpg',
      'node_modules/x/i.js',
      'passenger/tmp/restart.txt',
      "it's.txt",
    ]) {
      await writeFile(join(tree, f), f);
    }
    await symlink('app/main.py', join(tree, 'link.py'));
    const target = {
      strategy: 'passenger',
      layout: 'in-place',
      path: '/srv/app',
      app_root: 'passenger',
      venv: '/srv/venv',
      shared: ['media/'],
      exclude: ['node_modules/'],
    } as unknown as Target;
    expect(await committedFiles(tree, target)).toEqual(['app/main.py', 'app/static/stamp.txt', "it's.txt"]);
  });
});
