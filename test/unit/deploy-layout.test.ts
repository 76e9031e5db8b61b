import { lstat, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  danglingCurrentScript,
  layoutOf,
  linkSharedScript,
  readCurrentScript,
  switchCurrentScript,
  type Layout,
} from '../../src/sync/layout.js';
import { shellQuote } from '../../src/transport/quote.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-layout');
const ID = 'a1b2c3d4e5f6';
const ID2 = 'f6e5d4c3b2a1';

/** A release tree as rsync leaves it: its own .env, media dir and a nested config file. */
async function release(id: string): Promise<string> {
  const dir = join(tmp(), 'releases', id);
  await mkdir(join(dir, 'media', 'up loads'), { recursive: true });
  await mkdir(join(dir, 'docker'), { recursive: true });
  await writeFile(join(dir, '.env'), 'FROM_REPO=1\n');
  await writeFile(join(dir, 'media', 'up loads', 'repo.png'), 'repo');
  await writeFile(join(dir, 'docker', 'local.env'), 'repo');
  return dir;
}

const isLink = async (p: string): Promise<boolean> => (await lstat(p)).isSymbolicLink();

describe('linkSharedScript (run by sh on a temp tree)', () => {
  it('layoutOf names the standard paths', () => {
    const l = layoutOf('/srv/app');
    expect([l.releases, l.shared, l.current, l.backups, l.releaseDir('x')]).toEqual([
      '/srv/app/releases',
      '/srv/app/shared',
      '/srv/app/current',
      '/srv/app/backups',
      '/srv/app/releases/x',
    ]);
  });

  it('replaces release copies by symlinks into shared/, creating shared dirs but no shared files', async () => {
    const rel = await release(ID);
    const l = layoutOf(tmp());
    await local.sh(linkSharedScript(l, ID, ['.env', 'media/', 'docker/local.env', 'logs/app/']));

    for (const [entry, target] of [
      ['.env', '.env'],
      ['media', 'media'],
      ['docker/local.env', 'docker/local.env'],
      ['logs/app', 'logs/app'],
    ]) {
      expect(await isLink(join(rel, entry!)), entry).toBe(true);
      expect(await readlink(join(rel, entry!))).toBe(join(l.shared, target!));
    }
    // directories (trailing "/") exist empty in shared/, files are never invented
    expect(await readdir(join(l.shared, 'media'))).toEqual([]);
    expect(await readdir(join(l.shared, 'logs', 'app'))).toEqual([]);
    expect(existsSync(join(l.shared, '.env'))).toBe(false);
    expect(existsSync(join(l.shared, 'docker', 'local.env'))).toBe(false);
    // the repo's copies are gone from the release (replaced, not merged)
    expect(existsSync(join(rel, 'media', 'up loads', 'repo.png'))).toBe(false);
  });

  it('leaves existing shared content untouched and reachable through the release', async () => {
    const rel = await release(ID);
    const l = layoutOf(tmp());
    await mkdir(join(l.shared, 'media', 'up loads'), { recursive: true });
    await writeFile(join(l.shared, '.env'), 'SECRET=kept\n');
    await writeFile(join(l.shared, 'media', 'up loads', 'user.png'), 'user');
    const script = linkSharedScript(l, ID, ['.env', 'media/']);
    await local.sh(script);
    await local.sh(script); // idempotent: a second run changes nothing
    expect(await readFile(join(l.shared, '.env'), 'utf8')).toBe('SECRET=kept\n');
    expect(await readFile(join(rel, '.env'), 'utf8')).toBe('SECRET=kept\n');
    expect(await readdir(join(l.shared, 'media', 'up loads'))).toEqual(['user.png']);
    expect(await readFile(join(rel, 'media', 'up loads', 'user.png'), 'utf8')).toBe('user');
  });

  it('a release directory above an entry that is a link (into shared/, or outside the app): exit 1, nothing removed or linked through it', async () => {
    const l = layoutOf(tmp());
    const outside = join(tmp(), 'other app');
    await mkdir(join(l.shared, 'conf'), { recursive: true });
    await mkdir(join(outside, 'deep'), { recursive: true });
    await writeFile(join(l.shared, 'conf', '.env'), 'SECRET=kept\n');
    await writeFile(join(outside, 'deep', '.env'), 'theirs\n');
    await mkdir(l.releaseDir(ID), { recursive: true });
    await symlink('../../shared/conf', join(l.releaseDir(ID), 'conf'));
    await symlink(outside, join(l.releaseDir(ID), 'ext'));
    for (const [entry, link] of [
      ['conf/.env', 'conf'],
      ['ext/deep/.env', 'ext'],
      ['ext/deep/logs/', 'ext'],
    ] as const) {
      const r = await local.sh(linkSharedScript(l, ID, [entry]), { allowFailure: true });
      expect(r.code, entry).toBe(1);
      expect(r.stderr).toBe(
        `shared entry ${entry.replace(/\/$/, '')}: ${join(l.releaseDir(ID), link)} is a symbolic link; nothing is linked or removed through it (make it a directory)\n`,
      );
    }
    expect(await readFile(join(l.shared, 'conf', '.env'), 'utf8')).toBe('SECRET=kept\n');
    expect(await readFile(join(outside, 'deep', '.env'), 'utf8')).toBe('theirs\n');
    expect(await readdir(join(outside, 'deep'))).toEqual(['.env']);
  });

  it('an entry that cannot be linked (the commit has a file where its directory goes) fails the script, whatever entry follows', async () => {
    const l = layoutOf(tmp());
    await mkdir(l.releaseDir(ID), { recursive: true });
    await writeFile(join(l.releaseDir(ID), 'conf'), 'a file\n');
    const r = await local.sh(linkSharedScript(l, ID, ['conf/.env', 'media/']), { allowFailure: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('conf');
  });

  it('creates the parent dir of a nested shared entry missing from the release', async () => {
    const l = layoutOf(tmp());
    await mkdir(l.releaseDir(ID), { recursive: true });
    await local.sh(linkSharedScript(l, ID, ['config/deep/settings.py']));
    expect(await isLink(join(l.releaseDir(ID), 'config', 'deep', 'settings.py'))).toBe(true);
  });
});

/**
 * Switches `current` 60 times while a tight background loop (shell builtins only) checks the link
 * exists; prints MISSING for every miss and the readlink result after each switch.
 */
function concurrentSwitches(l: Layout, switchTo: (id: string) => string): string {
  const cur = shellQuote(l.current);
  const stop = shellQuote(join(tmp(), 'stop'));
  const switches = Array.from({ length: 60 }, (_, i) => `${switchTo(i % 2 ? ID : ID2)}\nreadlink ${cur} || echo MISSING`);
  return [`while [ ! -e ${stop} ]; do [ -L ${cur} ] || echo MISSING; done &`, ...switches, `touch ${stop}`, 'wait'].join('\n');
}

describe('current switch', () => {
  const current = async (): Promise<string> => (await local.sh(readCurrentScript(layoutOf(tmp())))).stdout;

  it('readCurrentScript prints nothing without a current link', async () => {
    expect(await current()).toBe('');
  });

  it('danglingCurrentScript: "dangling" only for a current link to a release directory that is gone', async () => {
    const l = layoutOf(tmp());
    const dangling = async (): Promise<string> => (await local.sh(danglingCurrentScript(l))).stdout;
    expect(danglingCurrentScript(layoutOf('/srv/my app'))).toBe(
      "if [ -L '/srv/my app/current' ] && [ ! -d '/srv/my app/current' ]; then echo dangling; fi",
    );
    expect(await dangling()).toBe('');
    await release(ID);
    await local.sh(switchCurrentScript(l, ID));
    expect(await dangling()).toBe('');
    await rm(l.releaseDir(ID), { recursive: true });
    expect(await dangling()).toBe('dangling\n');
  });

  it.each<[string, string[]]>([
    ['once', [ID]],
    ['twice (replaces the link, never writes inside the old target)', [ID, ID2]],
    ['back and forth', [ID, ID2, ID]],
  ])('switching %s points current at releases/<id> (relative link)', async (_name, ids) => {
    const l = layoutOf(tmp());
    for (const id of new Set(ids)) await release(id);
    for (const id of ids) await local.sh(switchCurrentScript(l, id));
    const last = ids[ids.length - 1]!;
    expect(await isLink(l.current)).toBe(true);
    expect(await readlink(l.current)).toBe(`releases/${last}`);
    expect(await current()).toBe(`${last}\n`);
    expect(await readFile(join(l.current, 'docker', 'local.env'), 'utf8')).toBe('repo');
    // no stray links inside releases, no temp link left behind
    for (const id of ids) expect(await readdir(l.releaseDir(id))).toEqual(expect.not.arrayContaining([ID, ID2, 'releases']));
    expect(existsSync(join(tmp(), '.current.tmp'))).toBe(false);
  });

  it('the link always exists while it is switched (a concurrent reader never misses it)', async () => {
    const l = layoutOf(tmp());
    await release(ID);
    await release(ID2);
    await local.sh(switchCurrentScript(l, ID));
    const out = await local.sh(concurrentSwitches(l, (id) => switchCurrentScript(l, id)));
    expect(out.stdout).not.toContain('MISSING');
    expect(new Set(out.stdout.trim().split('\n'))).toEqual(new Set([`releases/${ID}`, `releases/${ID2}`]));
  });
});
