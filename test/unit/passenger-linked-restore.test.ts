/**
 * linkedRestoreScript / linkedRestoreDryRunScript (public_html restored from a tree it shares inodes
 * with): the script text on literals, and, with the real sh and rsync, the same itemized lines and
 * the same end state as the --checksum restore (restoreDryRunScript / restoreScript) on trees that
 * hold every case: shared inodes, replaced files, files of their own rewritten in place or touched,
 * a mode change, new, deleted, protected, a symbolic link, a file turned directory.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreDryRunScript, restoreScript } from '../../src/strategies/passenger/host-sync.js';
import { linkedRestoreDryRunScript, linkedRestoreScript, unsharedSameSizeScript } from '../../src/strategies/passenger/linked-restore.js';
import { parsePickedTrash } from '../../src/sync/trash.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const tmp = useHostileTempDir('gd-linked-restore');
const keep = { protect: ['.htaccess', 'uploads/'], chmod: 'D755,F644' };
const OLD = '2000-01-01T00:00:00Z';
const sh = (...argv: string[]): void => void execFileSync(argv[0]!, argv.slice(1));

/**
 * `copy` (what to restore) and `pub`, a hard-link copy of it changed in every way a rollback meets,
 * with `shared` more files (same inodes): 20, the files of their own are compared one by one; 0,
 * they are most of the tree (MANY) and one --checksum run compares all.
 */
async function trees(root: string, shared: number): Promise<{ copy: string; pub: string }> {
  const copy = join(root, 'copy');
  const pub = join(root, 'public html');
  await mkdir(join(copy, 'static', 'img'), { recursive: true });
  const files = [
    'index.html',
    'static/a.css',
    'static/b.css',
    'static/c.css',
    'static/d.js',
    'static/e.js',
    'static/img/x',
    'gone.txt',
    'dir-now',
  ];
  for (const f of files) await writeFile(join(copy, f), `${f} v1`);
  await symlink('index.html', join(copy, 'link'));
  for (let i = 0; i < shared; i++) await writeFile(join(copy, 'static', 'img', `${i}.png`), `png ${i}`);
  sh('chmod', '-R', 'u=rwX,go=rX', copy);
  sh('cp', '-al', copy, pub);
  const own = (f: string) => (sh('cp', '-p', join(pub, f), join(pub, `${f}.own`)), sh('mv', '-f', join(pub, `${f}.own`), join(pub, f)));
  await writeFile(join(pub, 'static', 'a.css.n'), 'replaced, another size');
  sh('mv', join(pub, 'static', 'a.css.n'), join(pub, 'static', 'a.css'));
  own('static/b.css'); // same bytes, same mtime, own inode
  own('static/c.css'); // rewritten in place, same size and mtime
  await writeFile(join(pub, 'static', 'c.css'), 'static/c.css v2');
  sh('touch', '-m', '-r', join(copy, 'static', 'c.css'), join(pub, 'static', 'c.css'));
  own('static/d.js'); // same bytes, another mtime
  sh('touch', '-m', '-d', OLD, join(pub, 'static', 'd.js'));
  own('static/e.js'); // same bytes, another mode
  await chmod(join(pub, 'static', 'e.js'), 0o600);
  sh('rm', join(pub, 'gone.txt'), join(pub, 'dir-now'));
  await mkdir(join(pub, 'dir-now'));
  await writeFile(join(pub, 'dir-now', 'f'), 'in a directory');
  await writeFile(join(pub, 'new.txt'), 'written since');
  await writeFile(join(pub, '.htaccess'), 'protected');
  await mkdir(join(pub, 'uploads'));
  await writeFile(join(pub, 'uploads', 'u.png'), 'upload');
  return { copy, pub };
}

/** Every path below `dir` with its type, mode, size, mtime and content. */
async function tree(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, rel))).sort()) {
    const p = join(rel, name);
    const st = await stat(join(dir, p));
    const body = st.isFile() ? await readFile(join(dir, p), 'utf8') : '';
    out.push(`${p} ${st.mode.toString(8)} ${st.size} ${st.isFile() ? st.mtimeMs : ''} ${body}`);
    if (st.isDirectory()) out.push(...(await tree(dir, p)));
  }
  return out;
}

const sortedLines = (s: string): string[] => s.split('\n').filter(Boolean).sort();
/** The lines with the `c` of a transferred file's flags blanked: a file of another size is not read (no checksum to report). */
const withoutC = (lines: string[]): string[] => lines.map((l) => (l.startsWith('>f') ? `>f.${l.slice(3)}` : l)).sort();

describe('linked restore', () => {
  it('the script on literals: the list of same-size files of their own, the --checksum run on it, then the quick check', () => {
    expect(unsharedSameSizeScript('/srv/c', '/srv/p h', ['.htaccess', 'up/'])).toBe(
      `{ [ ! -d /srv/c ] || (cd /srv/c && find . \\( -path ./.htaccess -o -path ./up -type d \\) -prune -o -type f -printf '%s %D:%i %P\\0'); } > "$t/s" && ` +
        `{ [ ! -d '/srv/p h' ] || (cd '/srv/p h' && find . \\( -path ./.htaccess -o -path ./up -type d \\) -prune -o -type f -printf '%s %D:%i %P\\0'); } > "$t/d" && ` +
        `( export LC_ALL=C && { sed -z 's/ [^ ]* / /' "$t/s" "$t/d" | sort -z | uniq -zd; sort -z "$t/s" "$t/d" | uniq -zd | sed -z 's/ [^ ]* / /'; } | sort -z | uniq -zu | sed -z 's/^[0-9]* //' > "$t/same-size" )`,
    );
    const dry = linkedRestoreDryRunScript('/srv/c', '/srv/p', { protect: ['.htaccess'], chmod: 'F644' });
    expect(dry).toMatch(/^if \[ -d \/srv\/c \]; then \(\nt=\$\(mktemp -d\) \|\| exit 1\n/);
    expect(dry).toContain(
      `\nif [ $(($(tr -cd '\\000' < "$t/same-size" | wc -c) * 4)) -gt $(tr -cd '\\000' < "$t/d" | wc -c) ]; then rsync -rlpt --checksum --dry-run --itemize-changes --delete --chmod=F644 '--filter=P /.htaccess' --exclude=/.htaccess -- /srv/c/ /srv/p/; else\n`,
    );
    expect(dry).toContain(
      `c=$({ [ ! -s "$t/same-size" ] || rsync -rlpt --checksum --dry-run --itemize-changes --chmod=F644 '--filter=P /.htaccess' --exclude=/.htaccess --itemize-changes --from0 --files-from="$t/same-size" --no-implied-dirs -- /srv/c/ /srv/p/; })\nrc=$?\n`,
    );
    expect(dry).toContain(
      `a=$(rsync -rlpt --dry-run --itemize-changes --delete --chmod=F644 '--filter=P /.htaccess' --exclude=/.htaccess -- /srv/c/ /srv/p/) || rc=$?\n`,
    );
    expect(dry).toMatch(/\nrm -rf "\$t"\nexit \$rc\n\); fi$/);
    const run = linkedRestoreScript('/srv/c', '/srv/p', { protect: [], trash: { root: '/srv', id: 'x', keep: 2 } });
    expect(run).toContain(
      `then rsync -rlpt --checksum --delete --itemize-changes --backup "--backup-dir=$trash" -- /srv/c/ /srv/p/; else { [ ! -s "$t/same-size" ] || rsync -rlpt --checksum --itemize-changes --backup "--backup-dir=$trash" --from0 --files-from="$t/same-size" --no-implied-dirs -- /srv/c/ /srv/p/; } && ` +
        `rsync -rlpt --delete --itemize-changes --backup "--backup-dir=$trash" -- /srv/c/ /srv/p/; fi\nrc=$?\n`,
    );
    expect(linkedRestoreScript('/srv/c', '/srv/p')).not.toContain('--backup');
  });

  it.runIf(withTools('linkedRestoreDryRunScript', 'rsync')).each([20, 0])(
    "the dry run prints the --checksum dry run's lines (%i more files shared)",
    async (shared) => {
      const { copy, pub } = await trees(tmp(), shared);
      const checksum = (await local.sh(restoreDryRunScript(copy, pub, keep))).stdout;
      const png = join(pub, 'static', 'img', '0.png');
      if (shared) sh('touch', '-a', '-d', OLD, png); // the --checksum run read it
      const linked = (await local.sh(linkedRestoreDryRunScript(copy, pub, keep))).stdout;
      expect(sortedLines(checksum)).toContain('>fc........ static/c.css');
      expect(withoutC(sortedLines(linked))).toEqual(withoutC(sortedLines(checksum)));
      expect(sortedLines(linked)).toContain('>fc........ static/c.css');
      expect((await local.sh(linkedRestoreDryRunScript(join(tmp(), 'none'), pub, keep))).stdout).toBe('');
      if (shared) expect((await stat(png)).atimeMs).toBe(Date.parse(OLD)); // the linked path: not read
    },
  );

  it.runIf(withTools('linkedRestoreScript', 'rsync')).each([20, 0])(
    'the restore leaves both trees as the --checksum restore does, and moves the same files to the trash (%i more files shared)',
    async (shared) => {
      const a = await trees(join(tmp(), 'a'), shared);
      sh('cp', '-a', join(tmp(), 'a'), join(tmp(), 'b')); // hard links and times kept
      const b = { copy: join(tmp(), 'b', 'copy'), pub: join(tmp(), 'b', 'public html') };
      expect((await stat(join(b.pub, 'index.html'))).ino).toBe((await stat(join(b.copy, 'index.html'))).ino);
      const trash = (root: string) => ({ ...keep, trash: { root, id: 'public_html-x', keep: 3 } });
      const outA = (await local.sh(restoreScript(a.copy, a.pub, trash(join(tmp(), 'a'))))).stdout;
      const outB = (await local.sh(linkedRestoreScript(b.copy, b.pub, trash(join(tmp(), 'b'))))).stdout;
      expect(await tree(b.pub)).toEqual(await tree(a.pub));
      expect(await tree(b.copy)).toEqual(await tree(a.copy));
      expect(await tree(parsePickedTrash(outB))).toEqual(await tree(parsePickedTrash(outA)));
      expect(await readFile(join(b.pub, 'static', 'c.css'), 'utf8')).toBe('static/c.css v1');
      // the --checksum run on the listed files writes into static/; the quick check then puts its time back (`.d..t`)
      const items = (out: string) => withoutC(sortedLines(out).filter((l) => !l.startsWith('trash=') && !l.startsWith('.d..t')));
      expect(items(outB)).toEqual(items(outA));
      // the undo copy's restore (no trash) the same way
      await local.sh(linkedRestoreScript(b.copy, b.pub, keep));
      expect(await tree(b.pub)).toEqual(await tree(a.pub));
    },
  );
});
