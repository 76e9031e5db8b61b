/**
 * The diff upload's pure parts on literals: the decision table, the log line, rsync's exclude
 * matching, the remove list; its one host script run by dash on a real directory (the manifest,
 * the hard-link copy, the unlinks, the tar of the changed files, every fallback), with GNU tar and
 * with busybox's; the git helpers on a real repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Target } from '../../src/config/schema.js';
import { gitAt } from '../../src/git/run.js';
import { chooseUpload, describeUpload, type DiffFacts } from '../../src/sync/diff-plan.js';
import { diffLists, diffUpload, filesFromList } from '../../src/sync/diff-upload.js';
import { exportTree } from '../../src/sync/export-tree.js';
import {
  DIFF_FALLBACK_CODE,
  diffUploadScript,
  manifestPath,
  writeManifestScript,
  type ManifestRules,
} from '../../src/sync/manifest-script.js';
import { excludeMatcher } from '../../src/sync/rsync-filter.js';
import { FIRST_FAILED_CODE } from '../../src/sync/upload-first.js';
import { afterUploadScript } from '../../src/sync/upload.js';
import type { HostConnection } from '../../src/transport/connect.js';
import { archiveRewrites, changedPaths, treePaths } from '../../src/git/diff-names.js';
import { gate } from '../e2e/harness/require.js';
import { LocalExecutor } from './helpers/local-executor.js';
import { initRepo } from './helpers/local-host.js';

/** rsync and busybox (test/e2e/setup.sh installs both): without them these parts skip loudly (fail under REQUIRE_E2E=1). */
const tool = (argv: string[]): boolean => spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' }).status === 0;
const TOOLS = gate(
  'rsync and busybox (for the diff upload against real tools)',
  tool(['rsync', '--version']) && tool(['/usr/bin/busybox', 'true']),
);

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
    [
      'a .gitattributes changed (eol, ident, filters: unchanged blobs archive differently)',
      { changed: ['f1', 'docs/.gitattributes'] },
      'a .gitattributes changed: it may convert files git diff does not list',
    ],
    ['a changed name that is not UTF-8 (read as U+FFFD)', { changed: ['f1', 'caf\uFFFD.txt'] }, 'a changed path is not valid UTF-8'],
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

describe("excludeMatcher: rsync's exclude rules", () => {
  it.each<[string, string, boolean, boolean]>([
    ['/.git/', '.git/config', false, true],
    ['/.git/', 'a/.git/config', false, false],
    ['/.git/', '.git', false, false],
    ['__pycache__/', 'app/__pycache__/x.pyc', false, true],
    ['__pycache__/', 'app/__pycache__', false, false],
    ['__pycache__/', 'app/__pycache__', true, true],
    ['*.log', 'a/b/x.log', false, true],
    ['*.log', 'a/b/x.log.gz', false, false],
    ['*.log', 'logs.d/x', false, false],
    ['cache/***', 'cache', true, true],
    ['cache/***', 'a/cache/x/y', false, true],
    ['cache/***', 'cache', false, false],
    ['docs/*.md', 'docs/a.md', false, true],
    ['docs/*.md', 'x/docs/a.md', false, true],
    ['docs/*.md', 'docs/sub/a.md', false, false],
    ['/docs/**', 'docs/sub/a.md', false, true],
    ['/up loads/', 'up loads/f', false, true],
    ['/a\\*b', 'a*b', false, true],
    ['/a\\*b', 'axb', false, false],
    ['/a\\b', 'a\\b', false, true],
    ['f?.[ch]', 'src/f1.c', false, true],
    ['f?.[!ch]', 'src/f1.c', false, false],
  ])('%s on %s (dir: %s) → %s', (pattern, path, isDir, out) => {
    expect(excludeMatcher([pattern])(path, isDir)).toBe(out);
  });
});

/** Files and directories of a tree that rsync's rules are tried on (directories end with "/"). */
const RULE_TREE = [
  'a.log',
  'dir/',
  'dir/a.log',
  'dir/sub/',
  'dir/sub/x.py',
  'media/',
  'media/seed.txt',
  'media2/',
  'media2/x',
  'x/',
  'x/media/',
  'x/media/y',
  'tmp/',
  'tmp/r',
  'app/',
  'app/tmp/',
  'app/tmp/r',
  'foo[1].txt',
  'a b/',
  'a b/c',
  '.env',
  'sub/',
  'sub/.env',
  'build/',
  'build/out.js',
  'src/',
  'src/build/',
  'src/build/x',
  'axb',
  'a*b',
];

describe.runIf(TOOLS)("excludeMatcher agrees with rsync's own decision (rsync --dry-run on a real tree)", () => {
  let src = '';
  beforeEach(async () => {
    src = await mkdtemp(join(tmpdir(), 'gd-rsync-rules-'));
    for (const path of RULE_TREE) {
      if (path.endsWith('/')) mkdirSync(join(src, path), { recursive: true });
      else writeFileSync(join(src, path), 'x\n');
    }
  });
  afterEach(() => rm(src, { recursive: true, force: true }));

  it.each([
    '*.log',
    '/**/sub',
    'dir/**/x.py',
    'a**/sub',
    '**sub',
    '/media/',
    'media/',
    'media',
    '/tmp/***',
    'tmp',
    'tmp/',
    'dir/*.log',
    '**/sub',
    '**/x.py',
    'src/**',
    '/src/**',
    'a?b',
    'a\\*b',
    'foo\\[1\\].txt',
    '[ab]*',
    '/.env',
    '.env',
    'sub/',
    'build/',
    '/build/',
    'x/media',
    'a b/',
    '/dir/sub/',
    'dir/***',
    '*',
    '*/',
    '/*/r',
  ])('%s', (pattern) => {
    const out = execFileSync(
      'rsync',
      ['-a', '--dry-run', '--out-format=%n', `--exclude=${pattern}`, `${src}/`, join(src, '..', 'nowhere')],
      {
        encoding: 'utf8',
      },
    );
    const sent = new Set(out.split('\n').filter(Boolean));
    const matcher = excludeMatcher([pattern]);
    const ours = RULE_TREE.filter((p) => !matcher(p.replace(/\/$/, ''), p.endsWith('/')));
    expect(ours.sort()).toEqual(RULE_TREE.filter((p) => sent.has(p)).sort());
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

  it("diffLists: protected and excluded paths in neither list; a directory in a file's place not sent whole; REVISION written on the host", async () => {
    mkdirSync(join(dir, 'media'));
    writeFileSync(join(dir, 'media/x'), '');
    mkdirSync(join(dir, 'was-a-file'));
    writeFileSync(join(dir, 'was-a-file/a.log'), '');
    writeFileSync(join(dir, 'was-a-file/b'), '');
    writeFileSync(join(dir, 'REVISION'), '');
    const rules = { protect: ['media/'], excludes: ['/.git/', '*.log'], runtime: [] };
    const paths = ['kept/sub/x', 'media/x', 'was-a-file', 'was-a-file/a.log', 'was-a-file/b', 'gone.log', 'gone-dir/a', 'REVISION'];
    expect(await diffLists(dir, paths, rules)).toEqual({
      remove: ['kept/sub/x', 'was-a-file', 'was-a-file/b', 'gone-dir', 'REVISION'],
      send: ['kept/sub/x', 'was-a-file/b'],
      revision: true,
    });
  });
});

const RULES: ManifestRules = {
  protect: ['tmp/', '.env'],
  excludes: ['/.git/', '__pycache__/'],
  runtime: ['__pycache__'],
  chmod: 'g-w,o-w',
  shared: ['.env'],
};

/** dash runs the host's scripts; `path` puts other tools first (busybox's). */
class DashExecutor extends LocalExecutor {
  constructor(private readonly path?: string) {
    super();
  }
  override sh(script: string, opts: Parameters<LocalExecutor['sh']>[1] = {}): ReturnType<LocalExecutor['sh']> {
    return this.run(['dash', '-c', script], this.path ? { ...opts, env: { PATH: `${this.path}:${process.env.PATH}` } } : opts);
  }
}

/** Runs `script` under dash with `input` on stdin: exit code and stdout. */
const dash = (script: string, input: string | Buffer = ''): { code: number; out: string } => {
  const r = spawnSync('dash', ['-c', script], { input, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout };
};

describe('the manifest and the diff upload script, run by dash', () => {
  let root = '';
  const rel = (id: string): string => join(root, 'releases', id);
  const script = (rules = RULES, over: Partial<Parameters<typeof diffUploadScript>[0]> = {}): string =>
    diffUploadScript(
      { root, previous: 'p1', previousDir: rel('p1'), dir: rel('n2'), listBytes: 0, archive: false, after: '', ...over },
      rules,
    );

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gd-manifest-'));
    mkdirSync(join(rel('p1'), 'app/__pycache__'), { recursive: true });
    mkdirSync(join(rel('p1'), 'tmp'));
    writeFileSync(join(rel('p1'), 'app/x.py'), 'x = 1\n');
    writeFileSync(join(rel('p1'), 'REVISION'), 'p1\n');
    symlinkSync(join(root, 'shared/.env'), join(rel('p1'), '.env'));
    symlinkSync('app/x.py', join(rel('p1'), 'link'));
    dash(writeManifestScript(root, rel('p1'), 'p1', RULES));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores one sha256 per release, written atomically (no temp file left)', () => {
    expect(readFileSync(manifestPath(root, 'p1'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(execFileSync('ls', ['-A', join(root, '.deploy/manifests')], { encoding: 'utf8' })).toBe('p1\n');
  });

  it('a matching previous release: hard-linked into the new directory, what the app owns left out, listed paths unlinked → diff', () => {
    // what the running app writes does not count: restart.txt, __pycache__
    writeFileSync(join(rel('p1'), 'tmp/restart.txt'), '');
    writeFileSync(join(rel('p1'), 'app/__pycache__/x.pyc'), 'pyc');
    const list = './link\0./REVISION\0';
    expect(dash(script(RULES, { listBytes: list.length, revision: 'n2' }), list)).toEqual({ code: 0, out: 'diff\n' });
    expect(statSync(join(rel('n2'), 'app/x.py')).ino).toBe(statSync(join(rel('p1'), 'app/x.py')).ino);
    expect(readFileSync(join(rel('n2'), 'REVISION'), 'utf8')).toBe('n2\n');
    expect(readFileSync(join(rel('p1'), 'REVISION'), 'utf8')).toBe('p1\n');
    expect(existsSync(join(rel('p1'), 'link'))).toBe(true);
    expect(
      execFileSync('find', [rel('n2')], { encoding: 'utf8' })
        .split('\n')
        .sort()
        .filter(Boolean),
    ).toEqual([rel('n2'), `${rel('n2')}/REVISION`, `${rel('n2')}/app`, `${rel('n2')}/app/x.py`].sort());
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
  ])('%s → full (exit 3), the new directory left as found', (_name, change, why) => {
    change();
    const r = dash(script(RULES, { listBytes: 3, archive: true }), 'x\0\0not a gzip');
    expect(r.code).toBe(DIFF_FALLBACK_CODE);
    expect(r.out).toMatch(new RegExp(`^full ${why}`));
    const left = execFileSync('ls', ['-A', rel('n2')], { encoding: 'utf8' });
    expect(left).toBe(why.includes('not empty') ? 'half\n' : '');
    expect(readFileSync(join(rel('p1'), 'REVISION'), 'utf8')).toBe('p1\n');
  });

  it('a fallback drains stdin: the writer is never cut off (no SIGPIPE)', () => {
    appendFileSync(join(rel('p1'), 'app/x.py'), '#');
    const file = join(root, 'script.sh');
    writeFileSync(file, script(RULES, { listBytes: 10, archive: true }));
    // 4 MiB: far over a pipe's buffer; `head` exits 141 when the reader left without reading
    const r = spawnSync('bash', ['-c', 'head -c 4194304 /dev/zero | dash "$1"; echo "${PIPESTATUS[*]}"', 'bash', file], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe(
      `full the previous release directory changed since its upload, or the upload rules did\n0 ${DIFF_FALLBACK_CODE}\n`,
    );
  });

  it('a tar that cannot be extracted after the copy → full, the new directory emptied, the previous release intact', () => {
    const list = './REVISION\0';
    const r = dash(script(RULES, { listBytes: list.length, archive: true, revision: 'n2' }), `${list}not a gzip stream`);
    expect(r).toEqual({ code: DIFF_FALLBACK_CODE, out: 'full tar could not extract the changed files\n' });
    expect(execFileSync('ls', ['-A', rel('n2')], { encoding: 'utf8' })).toBe('');
    expect(readFileSync(join(rel('p1'), 'REVISION'), 'utf8')).toBe('p1\n');
    expect(readFileSync(join(rel('p1'), 'app/x.py'), 'utf8')).toBe('x = 1\n');
  });

  it('`first` runs before anything: written on a diff and on a fallback; failing, it drains stdin, exits FIRST_FAILED_CODE, no directory made', () => {
    const mark = join(root, 'first-ran');
    const list = './REVISION\0';
    expect(dash(script(RULES, { listBytes: list.length, revision: 'n2', first: `: > ${mark}` }), list)).toEqual({ code: 0, out: 'diff\n' });
    expect(existsSync(mark)).toBe(true);
    rmSync(mark);
    rmSync(rel('n2'), { recursive: true });
    appendFileSync(join(rel('p1'), 'app/x.py'), '#');
    expect(dash(script(RULES, { first: `: > ${mark}` })).code).toBe(DIFF_FALLBACK_CODE);
    expect(existsSync(mark)).toBe(true);
    rmSync(rel('n2'), { recursive: true });
    const file = join(root, 'script.sh');
    writeFileSync(file, script(RULES, { listBytes: 10, archive: true, first: 'exit 1' }));
    const r = spawnSync('bash', ['-c', 'head -c 4194304 /dev/zero | dash "$1"; echo "${PIPESTATUS[*]}"', 'bash', file], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe(`0 ${FIRST_FAILED_CODE}\n`);
    expect(existsSync(rel('n2'))).toBe(false);
  });

  it('other upload rules (umask, shared list) → full', () => {
    expect(dash(script({ ...RULES, chmod: 'g-w,o-rwx' })).out).toMatch(
      /^full the previous release directory changed since its upload, or the upload rules did/,
    );
    expect(dash(script({ ...RULES, shared: ['.env', 'media/'] })).out).toMatch(/^full /);
    expect(dash(script()).out).toBe('diff\n');
  });

  it('a protected path below a link of the previous release (conf → <path>/shared/conf): nothing removed through it → full', () => {
    const rules = { ...RULES, protect: [...RULES.protect, 'conf/.env'], shared: ['.env', 'conf/.env'] };
    mkdirSync(join(root, 'shared/conf'), { recursive: true });
    writeFileSync(join(root, 'shared/conf/.env'), 'SECRET=1\n');
    symlinkSync('../../shared/conf', join(rel('p1'), 'conf'));
    dash(writeManifestScript(root, rel('p1'), 'p1', rules));
    const r = dash(script(rules));
    expect(r).toEqual({ code: DIFF_FALLBACK_CODE, out: 'full a protected path lies below a symbolic link in the previous release\n' });
    expect(readFileSync(join(root, 'shared/conf/.env'), 'utf8')).toBe('SECRET=1\n');
    expect(execFileSync('ls', ['-A', rel('n2')], { encoding: 'utf8' })).toBe('');
  });
});

/** Every entry below `dir`: type, mode, content or link target (what a release must equal). */
function treeOf(dir: string): string[] {
  const out = execFileSync('find', ['.', '-mindepth', '1', '-printf', '%y %m %l\\0%p\\0'], { cwd: dir, encoding: 'utf8' }).split('\0');
  const entries: string[] = [];
  for (let i = 0; i + 1 < out.length; i += 2) {
    const [meta, path] = [out[i]!, out[i + 1]!];
    entries.push(`${path} ${meta}${meta.startsWith('f ') ? ` ${readFileSync(join(dir, path), 'utf8')}` : ''}`);
  }
  return entries.sort();
}

const composeTarget = (path: string, umask = '022'): Target =>
  parseConfig(
    JSON.stringify({
      version: 1,
      compose: { project: 'app' },
      targets: { c: { strategy: 'compose', host: 'd@h', path, umask, shared: ['.env', 'media/'], exclude: ['*.log'] } },
    }),
    'deploy.yml',
  ).targets.c!;

describe.runIf(TOOLS)('diffUpload: one round trip on the connection, the release equals a full upload of a fresh export', () => {
  let base = '';
  let busybox = '';
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'gd-diff-upload-'));
    busybox = join(base, 'busybox-bin');
    mkdirSync(busybox);
    for (const tool of ['tar', 'gzip', 'xargs', 'dd']) symlinkSync('/usr/bin/busybox', join(busybox, tool));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  /** What a full upload leaves in releases/<id>: rsync of the export (the same flags), then the after-upload script. */
  const fullUpload = async (repoDir: string, sha: string, target: Target, id = sha): Promise<void> => {
    const tree = await exportTree(repoDir, sha);
    const dest = join(target.path, 'releases', id);
    mkdirSync(dest, { recursive: true });
    const filters = ['--exclude=/.env', '--exclude=/media/', '--exclude=/.git/', '--exclude=*.log'];
    execFileSync('rsync', ['-rlp', '--chmod=g-w,o-w', ...filters, `${tree.dir}/`, dest]);
    await tree.cleanup();
    dash(afterUploadScript(target, id)!);
  };

  it.each<[string, boolean]>([
    ['GNU tar', false],
    ['busybox tar, gzip, xargs, dd', true],
  ])(
    '%s: changed files new inodes with the transfer time, the rest hard links, deletions gone, protected and excluded untouched',
    async (_n, bb) => {
      const repo = await initRepo(join(base, 'repo'));
      const target = composeTarget(join(base, 'host'));
      const rel = (id: string): string => join(target.path, 'releases', id);
      const one = await repo.commit({
        'app/x.py': 'x = 1\n',
        'app/keep.py': 'keep\n',
        'docs/README.md': 'docs\n',
        'gone/a/b.txt': 'b\n',
        'media/seed.txt': 'seed\n',
        'x.log': 'log 1\n',
        'run.sh': '#!/bin/sh\n',
      });
      await fullUpload(repo.dir, one, target);
      writeFileSync(join(target.path, 'shared/media/upload.png'), 'user data\n');
      const oldInode = statSync(join(rel(one), 'app/x.py')).ino;
      execFileSync('chmod', ['+x', join(repo.dir, 'run.sh')]);
      symlinkSync('app/keep.py', join(repo.dir, 'link'));
      execFileSync('rm', ['-r', join(repo.dir, 'docs'), join(repo.dir, 'gone')]);
      const two = await repo.commit({
        'app/x.py': 'x = 2\n',
        'notes/new [1].md': 'new\n',
        'media/seed.txt': 'seed 2\n',
        'x.log': 'log 2\n',
      });
      const started = Date.now() / 1000;

      const tree = await exportTree(repo.dir, two);
      // 8 of 9 paths changed: over chooseUpload's share, so its diff choice is written out
      const paths = [...(await changedPaths(gitAt(repo.dir), one, two))!, 'REVISION'];
      const choice = { previous: one, paths, total: 9 };
      const conn = { exec: new DashExecutor(bb ? busybox : undefined) } as unknown as HostConnection;
      const after = afterUploadScript(target, two)!;
      const r = await diffUpload(conn, repo.dir, target, { ...choice, sha: two, after }, tree.dir);
      await tree.cleanup();
      expect(r).toMatchObject({ mode: 'diff', stats: { filesTransferred: 5 } });

      await fullUpload(repo.dir, two, target, 'fresh');
      const linkTarget = (id: string): string => readlinkSync(join(rel(id), 'media'));
      expect(linkTarget(two)).toBe(linkTarget('fresh'));
      expect(treeOf(rel(two))).toEqual(treeOf(rel('fresh')));
      expect(existsSync(join(rel(two), 'docs'))).toBe(false);
      expect(existsSync(join(rel(two), 'gone'))).toBe(false);
      expect(lstatSync(join(rel(two), 'link')).isSymbolicLink()).toBe(true);
      // the previous release's inode kept its content; the new file is another inode with the transfer time
      expect(statSync(join(rel(one), 'app/x.py')).ino).toBe(oldInode);
      expect(readFileSync(join(rel(one), 'app/x.py'), 'utf8')).toBe('x = 1\n');
      expect(statSync(join(rel(two), 'app/x.py')).ino).not.toBe(oldInode);
      expect(statSync(join(rel(two), 'app/x.py')).mtimeMs / 1000).toBeGreaterThanOrEqual(Math.floor(started) - 1);
      expect(statSync(join(rel(two), 'app/keep.py')).ino).toBe(statSync(join(rel(one), 'app/keep.py')).ino);
      // protected and excluded paths: never written (the user's upload in shared/media kept)
      expect(readFileSync(join(target.path, 'shared/media/upload.png'), 'utf8')).toBe('user data\n');
      expect(existsSync(join(target.path, 'shared/media/seed.txt'))).toBe(false);
      expect(existsSync(join(rel(two), 'x.log'))).toBe(false);
      expect(readFileSync(manifestPath(target.path, two), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    },
  );
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
