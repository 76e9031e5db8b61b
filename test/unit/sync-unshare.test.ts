import { link, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseItemized } from '../../src/sync/run-rsync.js';
import { writeManifestScript } from '../../src/sync/manifest-script.js';
import {
  attributeOnlyFiles,
  beyondTimes,
  ownInodesKeptScript,
  ownInodesOfScript,
  ownInodesOutsideScript,
  ownInodesScript,
  unshareInput,
  unshareScript,
} from '../../src/sync/unshare.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

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

describe('beyondTimes', () => {
  it('keeps a change of mode, owner or group, not one of the times alone', () => {
    const items = parseItemized(
      ['.f..t...... app.js', '.f..tp..... run.sh', '.f...p..... b.sh', '.f....o.... c.sh', '>f.st...... new.js'].join('\n'),
    );
    expect(beyondTimes(items).map((i) => i.path)).toEqual(['run.sh', 'b.sh', 'c.sh']);
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

describe('ownInodesScript', () => {
  it('finds the hard-linked files of the directory and copies them onto themselves with rsync', () => {
    expect(ownInodesScript("/srv/it's/releases/abc")).toBe(
      "cd '/srv/it'\\''s/releases/abc' && find . -type f -links +1 -print0 | rsync -a -I --no-implied-dirs --from0 --files-from=- ./ ./",
    );
  });
});

describe('ownInodesOutsideScript', () => {
  it('prunes the kept paths, literally (glob characters escaped), and does nothing without the directory', () => {
    expect(ownInodesOutsideScript("/srv/it's/www", ['media/', './up[1]*.txt'])).toBe(
      "if [ -d '/srv/it'\\''s/www' ]; then cd '/srv/it'\\''s/www' && find . \\( -path ./media -o -path './up\\[1]\\*.txt' \\) -prune -o -type f -links +1 -print0 | rsync -a -I --no-implied-dirs --from0 --files-from=- ./ ./; fi",
    );
    expect(ownInodesOutsideScript('/www', [])).toBe(
      'if [ -d /www ]; then cd /www && find . -type f -links +1 -print0 | rsync -a -I --no-implied-dirs --from0 --files-from=- ./ ./; fi',
    );
  });
});

describe.runIf(withTools('the own-inodes scripts', 'rsync'))('ownInodesScript / ownInodesOfScript on real files', () => {
  const dir = useHostileTempDir('own-inodes');

  it('a release: each hard-linked file gets its own inode (content, mode, mtime kept); the other release, a link into shared, an unlinked file untouched', async () => {
    const [live, next, shared] = [join(dir(), 'live'), join(dir(), "it's new"), join(dir(), 'shared')];
    for (const d of [join(live, 'static'), join(next, 'static'), shared]) await mkdir(d, { recursive: true });
    await writeFile(join(live, 'static', 'stamp $(x).txt'), 'original\n', { mode: 0o750 });
    await link(join(live, 'static', 'stamp $(x).txt'), join(next, 'static', 'stamp $(x).txt'));
    await writeFile(join(shared, 'db'), 'data');
    await link(join(shared, 'db'), join(shared, 'db.bak'));
    await symlink(shared, join(next, 'media'));
    await writeFile(join(next, 'changed.py'), 'new');
    const before = await stat(join(next, 'changed.py'));
    const old = await stat(join(live, 'static', 'stamp $(x).txt'));
    await local.sh(ownInodesScript(next));
    const own = await stat(join(next, 'static', 'stamp $(x).txt'));
    expect(own.ino).not.toBe(old.ino);
    expect([own.nlink, (await stat(join(live, 'static', 'stamp $(x).txt'))).nlink]).toEqual([1, 1]);
    expect([own.mode & 0o777, own.mtimeMs]).toEqual([0o750, old.mtimeMs]);
    expect(await readFile(join(next, 'static', 'stamp $(x).txt'), 'utf8')).toBe('original\n');
    expect((await stat(join(next, 'changed.py'))).ino).toBe(before.ino);
    expect((await stat(join(shared, 'db'))).nlink).toBe(2);
    expect((await readdir(join(next, 'static'))).sort()).toEqual(['stamp $(x).txt']);
  });

  it('in place: only the listed files that are linked; the rest of the tree (data, the snapshots) untouched', async () => {
    const [root, snap] = [join(dir(), 'tree'), join(dir(), 'snapshot')];
    await mkdir(root);
    await mkdir(snap);
    for (const n of ['a.py', 'db.sqlite3']) {
      await writeFile(join(root, n), n);
      await link(join(root, n), join(snap, n));
    }
    await local.sh(ownInodesOfScript(root), { stdin: unshareInput(['a.py', 'missing.py']) });
    expect((await stat(join(root, 'a.py'))).nlink).toBe(1);
    expect((await stat(join(snap, 'a.py'))).nlink).toBe(1);
    expect((await stat(join(root, 'db.sqlite3'))).nlink).toBe(2);
    expect(await readFile(join(root, 'a.py'), 'utf8')).toBe('a.py');
  });

  it('public_html: every linked file outside the kept paths gets its own inode; the kept ones stay shared; no directory, no error', async () => {
    const [www, copy] = [join(dir(), "it's www"), join(dir(), 'copy')];
    for (const d of [join(www, 'static'), join(www, 'media'), join(copy, 'static'), join(copy, 'media')])
      await mkdir(d, { recursive: true });
    for (const n of ['static/app.css', 'media/up.jpg', 'up[1].txt', 'index.html']) {
      await writeFile(join(www, n), n);
      await link(join(www, n), join(copy, n));
    }
    await local.sh(ownInodesOutsideScript(www, ['media/', 'up[1].txt']));
    const links = async (n: string) => (await stat(join(www, n))).nlink;
    expect(await Promise.all(['static/app.css', 'index.html', 'media/up.jpg', 'up[1].txt'].map(links))).toEqual([1, 1, 2, 2]);
    expect(await readFile(join(www, 'static', 'app.css'), 'utf8')).toBe('static/app.css');
    expect((await local.sh(ownInodesOutsideScript(join(dir(), 'missing'), []))).code).toBe(0);
  });
});

describe.runIf(withTools('the own-inodes scripts', 'rsync', 'sha256sum'))('ownInodesKeptScript on real files', () => {
  const dir = useHostileTempDir('own-inodes-kept');
  const rules = { chmod: 'D755,F644', shared: [], protect: [], excludes: [], runtime: [] };

  /** root/releases/old and root/releases/kept sharing app/stamp.txt; the kept one's manifest written */
  async function releases(): Promise<{ root: string; kept: string; old: string; manifest: string }> {
    const root = join(dir(), "it's app");
    const [old, kept] = [join(root, 'releases', 'old'), join(root, 'releases', 'kept')];
    for (const d of [join(old, 'app'), join(kept, 'app')]) await mkdir(d, { recursive: true });
    await writeFile(join(old, 'app', 'stamp.txt'), 'original\n');
    await link(join(old, 'app', 'stamp.txt'), join(kept, 'app', 'stamp.txt'));
    await writeFile(join(kept, 'own.py'), 'own');
    await local.sh(writeManifestScript(root, kept, 'kept', rules));
    return { root, kept, old, manifest: join(root, '.deploy', 'manifests', 'kept') };
  }

  it('the kept release gets inodes of its own and a manifest that matches it again (the next diff upload starts from it)', async () => {
    const { root, kept, old, manifest } = await releases();
    const before = await readFile(manifest, 'utf8');
    await local.sh(ownInodesKeptScript(root, kept, 'kept', rules));
    expect((await stat(join(kept, 'app', 'stamp.txt'))).nlink).toBe(1);
    expect((await stat(join(old, 'app', 'stamp.txt'))).nlink).toBe(1);
    const after = await readFile(manifest, 'utf8');
    expect(after).not.toBe(before);
    await local.sh(writeManifestScript(root, kept, 'kept', rules));
    expect(await readFile(manifest, 'utf8')).toBe(after);
    expect((await readdir(join(root, '.deploy', 'manifests'))).sort()).toEqual(['kept']);
  });

  it('a manifest the directory no longer matched (changed by hand) is left as it was', async () => {
    const { root, kept, manifest } = await releases();
    await writeFile(join(kept, 'own.py'), 'changed by hand');
    const before = await readFile(manifest, 'utf8');
    await local.sh(ownInodesKeptScript(root, kept, 'kept', rules));
    expect((await stat(join(kept, 'app', 'stamp.txt'))).nlink).toBe(1);
    expect(await readFile(manifest, 'utf8')).toBe(before);
  });
});
