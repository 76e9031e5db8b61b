import { execFileSync } from 'node:child_process';
import { mkdir, readdir, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseItemized } from '../../src/sync/run-rsync.js';
import {
  deletedPaths,
  describeRemoved,
  parsePickedTrash,
  printTrashScript,
  pruneTrashScript,
  removedOnHost,
  trashRoot,
} from '../../src/sync/trash.js';
import { useHostileTempDir } from './helpers/local-host.js';

const sh = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

const tmp = useHostileTempDir('gd-trash');

describe('the trash of an in-place tree', () => {
  it('deletedPaths: the *deleting lines of rsync --itemize-changes', () => {
    const out = '*deleting   media/sub/y.jpg\n*deleting   media/sub/\n>fcsT...... a.py\n*deleting   uploads\ncd+++++++++ new/\n';
    expect(deletedPaths(parseItemized(out))).toEqual(['media/sub/y.jpg', 'media/sub/', 'uploads']);
  });

  it.each<[string, string[], string | undefined]>([
    ['nothing removed: no line', [], undefined],
    [
      'one path',
      ['db.sqlite3'],
      'in place: 1 path not in the commit was removed from /srv/app; kept in /srv/app/.deploy/trash/abc (db.sqlite3)',
    ],
    [
      'files named, directories counted, the first five shown',
      ['media/a.jpg', 'media/', 'b', 'c', 'd', 'e', 'f'],
      'in place: 7 paths not in the commit were removed from /srv/app; kept in /srv/app/.deploy/trash/abc (media/a.jpg, b, c, d, e, …)',
    ],
    [
      'only directories: they are named',
      ['empty/'],
      'in place: 1 path not in the commit was removed from /srv/app; kept in /srv/app/.deploy/trash/abc (empty/)',
    ],
  ])('describeRemoved: %s', (_name, deleted, line) => {
    expect(describeRemoved('/srv/app', '/srv/app/.deploy/trash/abc', deleted)).toBe(line);
  });

  it('removedOnHost: the line of a restore from its printed trash and itemized output; nothing without the trash line', () => {
    const out = 'trash=/srv/app/.deploy/trash/abc.2\n*deleting   late.txt\n>f..T...... a.py\n';
    expect(removedOnHost('/srv/app', out, 'the snapshot of abc')).toBe(
      'in place: 1 path not in the snapshot of abc was removed from /srv/app; kept in /srv/app/.deploy/trash/abc.2 (late.txt)',
    );
    expect(removedOnHost('/srv/app', '*deleting   late.txt\n', 'the snapshot of abc')).toBeUndefined();
    expect(removedOnHost('/srv/app', 'trash=/srv/app/.deploy/trash/abc\n', 'the snapshot of abc')).toBeUndefined();
  });

  it('printTrashScript creates the trash root, then picks <id>, <id>.2, <id>.3 when taken (a file or a dangling link too); never creates it', async () => {
    const root = join(tmp(), 'app');
    const pick = (): string => parsePickedTrash(sh(`echo other output; ${printTrashScript(root, 'abc')}`));
    expect(pick()).toBe(`${trashRoot(root)}/abc`);
    // rsync's generator and receiver race to create a missing parent of --backup-dir (trash.ts)
    expect(await readdir(trashRoot(root))).toEqual([]);
    await mkdir(`${trashRoot(root)}/abc`, { recursive: true });
    expect(pick()).toBe(`${trashRoot(root)}/abc.2`);
    await symlink('/nowhere', `${trashRoot(root)}/abc.2`);
    expect(pick()).toBe(`${trashRoot(root)}/abc.3`);
    expect((await readdir(trashRoot(root))).sort()).toEqual(['abc', 'abc.2']);
    expect(() => parsePickedTrash('no mark\n')).toThrow(/not chosen/);
  });

  it('pruneTrashScript keeps the newest `keep` directories by modification time; no trash is fine', async () => {
    const root = join(tmp(), 'app');
    sh(pruneTrashScript(root, 2));
    const names = ['old', 'older', 'newest', 'new'];
    const age = { newest: 0, new: 10, old: 20, older: 30 } as Record<string, number>;
    for (const n of names) {
      await mkdir(join(trashRoot(root), n, 'media'), { recursive: true });
      const t = new Date(Date.now() - age[n]! * 60_000);
      await utimes(join(trashRoot(root), n), t, t);
    }
    sh(pruneTrashScript(root, 2));
    expect((await readdir(trashRoot(root))).sort()).toEqual(['new', 'newest']);
  });
});
