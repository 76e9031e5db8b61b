/**
 * The rollback's dry run of public_html against the target's frontend copy (frontendSourceDiffScript)
 * and its restore and undo (restoreFrontend, undoFrontend), with the real sh and rsync: the two trees
 * share most inodes (hard-link copies); a file whose inode is shared is the same file and is not
 * read, while a file of its own is still compared by content (a task that rewrote it in place, same
 * size and mtime, is seen).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { restoreFrontend, undoFrontend } from '../../src/rollback/passenger-frontend.js';
import type { PassengerRollback } from '../../src/rollback/types.js';
import { frontendSourceDiffScript } from '../../src/strategies/passenger/frontend-copies.js';
import { Progress } from '../../src/strategies/types.js';
import { changedBeyondTimes } from '../../src/strategies/passenger/frontend-tasks.js';
import { parseItemized } from '../../src/sync/run-rsync.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const tmp = useHostileTempDir('gd-frontend-linked');
const keep = { protect: ['.htaccess'], chmod: 'D755,F644' };
const OLD = new Date('2000-01-01T00:00:00Z');

/** The target's copy, and public_html as a hard-link copy of it (what a deploy without changes leaves). */
async function linkedTrees(): Promise<{ copy: string; pub: string }> {
  const copy = join(tmp(), 'copy');
  const pub = join(tmp(), 'public html');
  await mkdir(join(copy, 'static'), { recursive: true });
  await writeFile(join(copy, 'index.html'), 'index v1');
  await writeFile(join(copy, 'static', 'app.css'), 'css v1');
  await writeFile(join(copy, 'static', 'app.js'), 'js v1');
  // most files shared, as after a deploy: the files of their own below are compared one by one
  await mkdir(join(copy, 'img'));
  for (let i = 0; i < 12; i++) await writeFile(join(copy, 'img', `${i}.png`), `png ${i}`);
  execFileSync('chmod', ['-R', 'u=rwX,go=rX', copy]);
  execFileSync('cp', ['-al', copy, pub]);
  return { copy, pub };
}

/** The file replaced by a copy of its own (new inode; content, mode and times kept). */
const ownInode = (file: string): void => {
  execFileSync('cp', ['-p', file, `${file}.own`]);
  execFileSync('mv', ['-f', `${file}.own`, file]);
};

const dryRun = async (copy: string, pub: string) => {
  const [source, ...dry] = (await local.sh(frontendSourceDiffScript(copy, pub, keep))).stdout.split('\n');
  expect(source).toBe('copy');
  return parseItemized(dry.join('\n'));
};
const beyondTimes = (items: ReturnType<typeof parseItemized>) => items.filter((i) => changedBeyondTimes([i])).map((i) => i.path);

describe('frontendSourceDiffScript on hard-linked trees', () => {
  it.runIf(withTools('frontendSourceDiffScript', 'rsync'))(
    'a file public_html shares with the copy is not read; a replaced one is reported',
    async () => {
      const { copy, pub } = await linkedTrees();
      await writeFile(join(pub, 'static', 'app.js.new'), 'js v2, longer');
      execFileSync('mv', [join(pub, 'static', 'app.js.new'), join(pub, 'static', 'app.js')]);
      const shared = join(pub, 'static', 'app.css');
      const { mtime } = await stat(shared);
      execFileSync('touch', ['-a', '-d', OLD.toISOString(), shared]); // relatime: the next read updates it
      expect((await stat(shared)).atimeMs).toBeLessThan(mtime.getTime());
      expect(beyondTimes(await dryRun(copy, pub))).toEqual(['static/app.js']);
      expect((await stat(shared)).atimeMs).toBe(OLD.getTime());
      expect(await readFile(shared, 'utf8')).toBe('css v1');
    },
  );

  it.runIf(withTools('frontendSourceDiffScript', 'rsync'))(
    'a file of its own rewritten in place (same size and mtime) is reported; one with the same bytes and another mtime is times only',
    async () => {
      const { copy, pub } = await linkedTrees();
      const css = join(pub, 'static', 'app.css');
      ownInode(css);
      await writeFile(css, 'css v2'); // in place: same size
      execFileSync('touch', ['-m', '-r', join(copy, 'static', 'app.css'), css]);
      expect((await stat(css)).mtimeMs).toBe((await stat(join(copy, 'static', 'app.css'))).mtimeMs);
      const js = join(pub, 'static', 'app.js');
      ownInode(js);
      execFileSync('touch', ['-m', '-d', OLD.toISOString(), js]);
      const items = await dryRun(copy, pub);
      expect(beyondTimes(items)).toEqual(['static/app.css']);
      expect(items.find((i) => i.path === 'static/app.js')?.flags).toBe('.f..t......');
    },
  );

  it.runIf(withTools('restoreFrontend', 'rsync'))(
    'restoreFrontend and undoFrontend put the files back without reading those public_html shares with the source',
    async () => {
      const { copy, pub } = await linkedTrees();
      const js = join(pub, 'static', 'app.js');
      await writeFile(`${js}.new`, 'js v2, longer');
      execFileSync('mv', [`${js}.new`, js]);
      const shared = join(pub, 'static', 'app.css');
      execFileSync('touch', ['-a', '-d', OLD.toISOString(), shared]);
      const r = rollbackOf(pub, copy);
      await restoreFrontend(r);
      expect(await readFile(js, 'utf8')).toBe('js v1');
      await undoFrontend(r);
      expect(await readFile(js, 'utf8')).toBe('js v2, longer');
      expect((await stat(shared)).atimeMs).toBe(OLD.getTime());
      expect(await readFile(join(copy, 'static', 'app.js'), 'utf8')).toBe('js v1');
    },
  );
});

/** A rollback of a target whose public_html is `pub` to a release whose frontend is kept in `from`. */
function rollbackOf(pub: string, from: string): PassengerRollback {
  const target = { strategy: 'passenger', host: 'u@h', path: join(tmp(), 'app'), frontend: { build: 'b', dist: 'dist', public_html: pub } };
  const t = parseConfig(JSON.stringify({ version: 1, targets: { p: target } }), 'deploy.yml').targets.p as PassengerTarget;
  const s = { conn: { exec: local }, reporter: { info: () => undefined }, report: { notes: [] } };
  return {
    s,
    target: t,
    to: { id: 'a'.repeat(40) },
    steps: { frontend: { from } },
    progress: new Progress(),
  } as unknown as PassengerRollback;
}
