/**
 * The diff upload's pure parts on literals: the decision table, the log line, the rsync argv of
 * diff mode, the --files-from list; its host scripts run by dash on a real directory (the
 * manifest, the hard-link copy, every fallback); the git helpers on a real repository.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitAt } from '../../src/git/run.js';
import { chooseUpload, describeUpload, type DiffFacts } from '../../src/sync/diff-plan.js';
import { filesFromList } from '../../src/sync/diff-upload.js';
import { diffStartScript, manifestPath, writeManifestScript, type ManifestRules } from '../../src/sync/manifest-script.js';
import { buildRsyncArgs } from '../../src/sync/rsync.js';
import { archiveRewrites, changedPaths, treePaths } from '../../src/git/diff-names.js';

const P = 'a'.repeat(40);
const N = 'b'.repeat(40);
const tree = (n: number): string[] => Array.from({ length: n }, (_, i) => `f${i}`);
const facts = (over: Partial<DiffFacts>): DiffFacts => ({
  previous: P,
  sha: N,
  changed: ['f1'],
  tree: tree(100),
  rewrites: false,
  ...over,
});

describe('chooseUpload: diff or full', () => {
  it.each<[string, Partial<DiffFacts>, string]>([
    ['no previous release', { previous: undefined }, 'no previous release to start from'],
    ['the previous release is the same commit', { previous: N }, 'the same commit as the previous release'],
    ['git cannot diff (shallow clone)', { changed: null }, `git cannot diff ${P.slice(0, 12)}..${N.slice(0, 12)} here (a shallow clone?)`],
    ['git cannot list the tree', { tree: null }, `git cannot diff ${P.slice(0, 12)}..${N.slice(0, 12)} here (a shallow clone?)`],
    ['export-ignore / export-subst', { rewrites: true }, 'a .gitattributes sets export-ignore or export-subst'],
    ['over 20 % of the tree', { changed: tree(21) }, '21 paths of 101 changed: a full upload costs as much'],
    ['over 5,000 paths', { changed: tree(5001), tree: tree(100000) }, '5,001 paths of 100,001 changed: a full upload costs as much'],
  ])('%s → full', (_name, over, why) => {
    expect(chooseUpload(facts(over))).toEqual({ mode: 'full', why });
  });

  it('a few changed paths → diff, REVISION added once', () => {
    expect(chooseUpload(facts({ changed: ['a/x', 'REVISION', 'b'] }))).toEqual({
      mode: 'diff',
      previous: P,
      paths: ['a/x', 'REVISION', 'b'],
      changed: 3,
      total: 101,
    });
    expect(chooseUpload(facts({ changed: ['f1'], tree: tree(20) }))).toMatchObject({ mode: 'diff', paths: ['f1', 'REVISION'] });
    expect(chooseUpload(facts({ changed: tree(20) }))).toMatchObject({ mode: 'diff' });
  });

  it('says which mode ran and why', () => {
    expect(describeUpload(chooseUpload(facts({ tree: tree(10000) })))).toBe(
      `upload: 1 changed path of 10,001 (diff from ${P.slice(0, 12)})`,
    );
    expect(describeUpload({ mode: 'full', why: 'no previous release to start from' })).toBe(
      'upload: full (no previous release to start from)',
    );
  });
});

describe('buildRsyncArgs, diff mode', () => {
  it('files-from (NUL), missing paths deleted, every protect/exclude rule covering its subtree; no --checksum, no --link-dest, no --delete', () => {
    const args = buildRsyncArgs({
      source: '/tmp/tree',
      dest: '/srv/app/releases/b',
      remote: { user: 'deploy', host: 'h', port: 22 },
      sshArgs: ['-p', '22'],
      filesFrom: '/tmp/tree.files',
      times: false,
      compress: true,
      chmod: 'g-w,o-w',
      protect: ['media/', '.env'],
      excludes: ['/.git/', '__pycache__/', '*.log', 'cache/***'],
    });
    expect(args).toEqual([
      '-rlp',
      '-s',
      '--stats',
      '-z',
      '--from0',
      '--files-from=/tmp/tree.files',
      '--delete-missing-args',
      '--force',
      '--chmod=g-w,o-w',
      '-e',
      'ssh -p 22',
      '--filter=P /media/',
      '--exclude=/media/',
      '--filter=P /media/***',
      '--exclude=/media/***',
      '--filter=P /.env',
      '--exclude=/.env',
      '--filter=P /.env/***',
      '--exclude=/.env/***',
      '--exclude=/.git/',
      '--exclude=/.git/***',
      '--exclude=__pycache__/',
      '--exclude=__pycache__/***',
      '--exclude=*.log',
      '--exclude=*.log/***',
      '--exclude=cache/***',
      '--',
      '/tmp/tree/',
      'deploy@h:/srv/app/releases/b',
    ]);
  });

  it('a protected path with a backslash or wildcard stays literal in its subtree rule', () => {
    const args = buildRsyncArgs({
      source: '/t',
      dest: '/d',
      remote: { user: 'u', host: 'h', port: 22 },
      sshArgs: [],
      filesFrom: '/l',
      protect: ['a\\b', 'c*d/'],
    });
    expect(args.filter((a) => a.startsWith('--filter'))).toEqual([
      '--filter=P /a\\b',
      '--filter=P /a\\\\b/***',
      '--filter=P /c\\*d/',
      '--filter=P /c\\*d/***',
    ]);
  });
});

describe('filesFromList', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-files-from-'));
    mkdirSync(join(dir, 'kept/sub'), { recursive: true });
    writeFileSync(join(dir, 'kept/sub/x'), 'x');
    writeFileSync(join(dir, 'now-a-file'), 'f');
    symlinkSync('kept', join(dir, 'now-a-link'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('present paths as they are; a lost path as its topmost missing ancestor; nothing below a dir that became a file or link', async () => {
    const list = await filesFromList(dir, [
      'kept/sub/x',
      'kept/gone.txt',
      'kept/sub/deep/gone',
      'gone-dir/a/b',
      'gone-dir/c',
      'now-a-file',
      'now-a-file/old',
      'now-a-link/old/x',
      'REVISION',
    ]);
    expect(list).toEqual(['kept/sub/x', 'kept/gone.txt', 'kept/sub/deep', 'gone-dir', 'now-a-file', 'REVISION']);
  });
});

const RULES: ManifestRules = {
  protect: ['tmp/', '.env'],
  excludes: ['/.git/', '__pycache__/'],
  runtime: ['__pycache__'],
  chmod: 'g-w,o-w',
  shared: ['.env'],
};

describe('the manifest and the diff start, run by dash', () => {
  let root = '';
  const rel = (id: string): string => join(root, 'releases', id);
  const sh = (script: string): string => execFileSync('dash', ['-c', script], { encoding: 'utf8' });
  const start = (rules = RULES): string =>
    sh(diffStartScript({ root, previous: 'p1', previousDir: rel('p1'), dir: rel('n2') }, rules)).trim();

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gd-manifest-'));
    mkdirSync(join(rel('p1'), 'app/__pycache__'), { recursive: true });
    mkdirSync(join(rel('p1'), 'tmp'));
    writeFileSync(join(rel('p1'), 'app/x.py'), 'x = 1\n');
    writeFileSync(join(rel('p1'), 'REVISION'), 'p1\n');
    symlinkSync(join(root, 'shared/.env'), join(rel('p1'), '.env'));
    symlinkSync('app/x.py', join(rel('p1'), 'link'));
    sh(writeManifestScript(root, rel('p1'), 'p1', RULES));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores one sha256 per release, written atomically (no temp file left)', () => {
    expect(readFileSync(manifestPath(root, 'p1'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(execFileSync('ls', ['-A', join(root, '.deploy/manifests')], { encoding: 'utf8' })).toBe('p1\n');
  });

  it('a matching previous release: hard-linked into the new directory, what the app owns left out → diff', () => {
    // what the running app writes does not count: restart.txt, __pycache__
    writeFileSync(join(rel('p1'), 'tmp/restart.txt'), '');
    writeFileSync(join(rel('p1'), 'app/__pycache__/x.pyc'), 'pyc');
    expect(start()).toBe('diff');
    expect(statSync(join(rel('n2'), 'app/x.py')).ino).toBe(statSync(join(rel('p1'), 'app/x.py')).ino);
    expect(
      execFileSync('find', [rel('n2')], { encoding: 'utf8' })
        .split('\n')
        .sort()
        .filter(Boolean),
    ).toEqual([rel('n2'), `${rel('n2')}/REVISION`, `${rel('n2')}/app`, `${rel('n2')}/app/x.py`, `${rel('n2')}/link`].sort());
  });

  it.each<[string, () => void, string]>([
    [
      'a file edited by hand (one byte appended)',
      () => appendFileSync(join(rel('p1'), 'app/x.py'), '#'),
      'the previous release directory changed',
    ],
    ['a file added by hand', () => writeFileSync(join(rel('p1'), 'app/new.py'), ''), 'the previous release directory changed'],
    ['a mode changed', () => execFileSync('chmod', ['600', join(rel('p1'), 'REVISION')]), 'the previous release directory changed'],
    ['no manifest', () => execFileSync('rm', [manifestPath(root, 'p1')]), 'the previous release has no directory or no manifest'],
    [
      'a new release directory not empty (a retry)',
      () => mkdirSync(join(rel('n2'), 'half'), { recursive: true }),
      'the new release directory is not empty',
    ],
  ])('%s → full, the new directory left as found', (_name, change, why) => {
    change();
    expect(start()).toMatch(new RegExp(`^full ${why}`));
    const left = execFileSync('ls', ['-A', rel('n2')], { encoding: 'utf8' });
    expect(left).toBe(why.includes('not empty') ? 'half\n' : '');
    expect(readFileSync(join(rel('p1'), 'REVISION'), 'utf8')).toBe('p1\n');
  });

  it('other upload rules (umask, shared list) → full', () => {
    expect(start({ ...RULES, chmod: 'g-w,o-rwx' })).toMatch(
      /^full the previous release directory changed since its upload, or the upload rules did/,
    );
    expect(start({ ...RULES, shared: ['.env', 'media/'] })).toMatch(/^full /);
    expect(start()).toBe('diff');
  });
});

describe('git: changed paths, archive attributes', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-diff-git-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lists added, modified, deleted (renames as two paths); null for an unknown commit; sees export-ignore', async () => {
    const git = gitAt(dir);
    const commit = async (message: string): Promise<string> => {
      await git.raw(['add', '.']);
      await git.raw(['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', message]);
      return (await git.raw(['rev-parse', 'HEAD'])).trim();
    };
    await git.raw(['init', '-q']);
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    writeFileSync(join(dir, 'old name.txt'), 'same content long enough to be a rename\n');
    const one = await commit('one');
    writeFileSync(join(dir, 'a.txt'), 'a2\n');
    execFileSync('git', ['-C', dir, 'mv', 'old name.txt', 'new\nname.txt']);
    writeFileSync(join(dir, '.gitattributes'), 'a.txt export-subst\n');
    const two = await commit('two');
    expect((await changedPaths(git, one, two))?.sort()).toEqual(['.gitattributes', 'a.txt', 'new\nname.txt', 'old name.txt']);
    expect(await changedPaths(git, 'c'.repeat(40), two)).toBeNull();
    expect(await archiveRewrites(git, dir, one, (await treePaths(git, one))!)).toBe(false);
    expect(await archiveRewrites(git, dir, two, (await treePaths(git, two))!)).toBe(true);
  });
});
