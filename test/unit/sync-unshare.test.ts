import { link, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseItemized } from '../../src/sync/run-rsync.js';
import { attributeOnlyFiles, unshareInput, unshareScript } from '../../src/sync/unshare.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

describe('attributeOnlyFiles', () => {
  it('names the files rsync keeps but chmods, not the ones it sends, deletes or only creates', () => {
    const items = parseItemized(
      [
        '.f...p..... run.sh',
        '.f...p..... bin/with space.sh',
        '>f..t...... changed.py',
        '>f+++++++++ new.py',
        '.d...p..... somedir/',
        'cL+++++++++ link -> target',
        '*deleting   gone.py',
        'sent 1,234 bytes  received 56 bytes',
      ].join('\n'),
    );
    expect(attributeOnlyFiles(items)).toEqual(['run.sh', 'bin/with space.sh']);
  });
});

describe('unshareScript', () => {
  const dir = useHostileTempDir('unshare');

  it('gives each listed file its own inode (content, mode kept); the other links keep theirs; a link, a missing name left alone', async () => {
    const root = join(dir(), 'live');
    const snap = join(dir(), 'snapshot');
    await mkdir(join(root, 'bin'), { recursive: true });
    await mkdir(join(snap, 'bin'), { recursive: true });
    await writeFile(join(root, 'bin', "it's $(x).sh"), '#!/bin/sh\n', { mode: 0o755 });
    await link(join(root, 'bin', "it's $(x).sh"), join(snap, 'bin', "it's $(x).sh"));
    await writeFile(join(root, 'target.txt'), 'x');
    await symlink('target.txt', join(root, 'link'));
    const paths = ["bin/it's $(x).sh", 'link', 'missing.sh', 'bin/\\#012escaped', '-n.sh'];
    await local.sh(unshareScript(root), { stdin: unshareInput(paths) });
    const live = await stat(join(root, 'bin', "it's $(x).sh"));
    const kept = await stat(join(snap, 'bin', "it's $(x).sh"));
    expect(live.ino).not.toBe(kept.ino);
    expect([live.nlink, kept.nlink]).toEqual([1, 1]);
    expect(live.mode & 0o777).toBe(0o755);
    expect(await readFile(join(root, 'bin', "it's $(x).sh"), 'utf8')).toBe('#!/bin/sh\n');
    expect(await readdir(join(root, 'bin'))).toEqual(["it's $(x).sh"]);
    expect((await stat(join(root, 'link'))).ino).toBe((await stat(join(root, 'target.txt'))).ino);
  });

  it('takes a list longer than one command line holds (a umask change lists every file)', async () => {
    const root = join(dir(), 'live');
    await mkdir(root);
    const names = Array.from({ length: 1500 }, (_, i) => `${String(i).padStart(4, '0')}-${'x'.repeat(120)}.txt`);
    for (const n of names) await writeFile(join(root, n), n);
    await mkdir(join(dir(), 'snapshot'));
    for (const n of names) await link(join(root, n), join(dir(), 'snapshot', n));
    expect(unshareInput(names).length).toBeGreaterThan(128 * 1024);
    await local.sh(unshareScript(root), { stdin: unshareInput(names) });
    const links = await Promise.all(names.map(async (n) => (await stat(join(root, n))).nlink));
    expect(new Set(links)).toEqual(new Set([1]));
    expect(await readFile(join(root, names[1499]!), 'utf8')).toBe(names[1499]);
  });
});
