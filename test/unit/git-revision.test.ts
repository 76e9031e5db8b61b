import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import {
  checkRevisionSyntax,
  commitName,
  commitSha,
  lookupCommits,
  resolveOptionalFrom,
  resolveRevision,
  ZERO_SHA,
} from '../../src/git/revision.js';
import { openCatFile, type CatFile } from '../../src/git/cat-file.js';
import { gitAt, type Git } from '../../src/git/run.js';
import { rejectionMessage, thrownMessage } from './helpers/errors.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

describe('checkRevisionSyntax', () => {
  it.each<[string, string, RegExp]>([
    ['empty', '', /^to: empty revision$/],
    ['leading dash (option)', '--output=/tmp/x', /must not start with "-"/],
    ['single dash', '-', /must not start with "-"/],
    ['newline', 'main\nx', /^to: invalid revision/],
    ['NUL', 'main\0', /^to: invalid revision/],
    ['tab', 'a\tb', /^to: invalid revision/],
    ['DEL', 'a\u007f', /^to: invalid revision/],
    ['ESC', '\u001b[31m', /^to: invalid revision/],
    ['longer than 255', 'a'.repeat(256), /^to: invalid revision "a{60}"$/],
  ])('rejects %s as a UserError', (_name, rev, message) => {
    expect(thrownMessage(() => checkRevisionSyntax(rev, 'to'), UserError)).toMatch(message);
  });

  it.each(['HEAD', 'main', 'v1.2.3', 'HEAD~2', 'origin/main', 'a'.repeat(255), '$(touch x)', '`id`', 'a b', 'ünï', '@{-1}'])(
    'accepts %j (passed as one argument, never through a shell)',
    (rev) => {
      expect(() => checkRevisionSyntax(rev, 'to')).not.toThrow();
    },
  );
});

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

describe('revisions asked of git cat-file --batch', () => {
  const object = (oid: string, type: string) => ({ oid, type, content: Buffer.from('x') });

  it('asks for a revision as a commit', () => {
    expect(['HEAD', 'v1.2', 'a b', ':/fix'].map(commitName)).toEqual(['HEAD^{commit}', 'v1.2^{commit}', 'a b^{commit}', ':/fix^{commit}']);
  });

  it('reads a full sha for a commit, null for missing or another type, never a short or sha-256 id', () => {
    expect(commitSha(object(SHA_A, 'commit'))).toBe(SHA_A);
    expect(commitSha(null)).toBeNull();
    expect(commitSha(object(SHA_B, 'tree'))).toBeNull();
    expect(commitSha(object(SHA_B, 'tag'))).toBeNull();
    expect(commitSha(object(SHA_A.slice(0, 12), 'commit'))).toBeNull();
    expect(commitSha(object('c'.repeat(64), 'commit'))).toBeNull();
  });
});

describe('revision resolution on a real temp repository', () => {
  let repo: TempRepo;
  let git: Git;
  let first = '';
  let second = '';

  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-rev'));
    first = await repo.commit({ 'a.txt': '1' });
    second = await repo.commit({ 'a.txt': '2' });
    repo.git('tag', 'v1', first);
    repo.git('-c', 'tag.gpgSign=false', 'tag', '-a', '-m', 'annotated', 'v2', second);
    git = gitAt(repo.dir);
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it.each<[string, () => string, () => string]>([
    ['HEAD', () => 'HEAD', () => second],
    ['a branch', () => 'main', () => second],
    ['an annotated-less tag', () => 'v1', () => first],
    ['a short sha', () => first.slice(0, 8), () => first],
    ['a relative revision', () => 'HEAD~1', () => first],
  ])('resolveRevision: %s → full sha', async (_name, rev, sha) => {
    expect(await resolveRevision(git, rev(), 'to')).toBe(sha());
  });

  it.each(['$(touch x)', '`touch x`', 'nope', 'HEAD~5', 'deadbeef'.repeat(5)])(
    'resolveRevision rejects %j with "unknown revision" and runs nothing',
    async (rev) => {
      expect(await rejectionMessage(resolveRevision(git, rev, 'to'), UserError)).toBe(
        `to: unknown revision ${JSON.stringify(rev)} (not a commit in this repository)`,
      );
      expect(existsSync(join(repo.dir, 'x'))).toBe(false);
      expect(existsSync('x')).toBe(false);
    },
  );

  it('resolveRevision checks the syntax before asking git', async () => {
    await expect(resolveRevision(git, '--all', 'to')).rejects.toThrow(/must not start with "-"/);
  });

  it('resolveRevision rejects a tree (not a commit)', async () => {
    const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
    await expect(resolveRevision(git, tree, 'to')).rejects.toThrow(/unknown revision/);
  });

  it.each<[string, string | undefined, string, { sha: string | null; reason?: string }]>([
    ['undefined', undefined, 'state', { sha: null, reason: 'no deployed revision known (state)' }],
    ['empty', '', 'event', { sha: null, reason: 'no deployed revision known (event)' }],
    ['the zero sha (first push)', ZERO_SHA, 'event before', { sha: null, reason: 'no deployed revision known (event before)' }],
    ['the zero sha even from input', ZERO_SHA, 'input', { sha: null, reason: 'no deployed revision known (input)' }],
    [
      'unknown full sha from state',
      'deadbeef'.repeat(5),
      'state.json',
      { sha: null, reason: "deployed revision deadbeefdead (state.json) is not in this repository's history" },
    ],
    [
      'unknown name from event',
      'gone-branch',
      'event',
      { sha: null, reason: "deployed revision gone-branch (event) is not in this repository's history" },
    ],
  ])('resolveOptionalFrom: %s → null with the reason', async (_name, rev, source, expected) => {
    expect(await resolveOptionalFrom(git, rev, source)).toEqual(expected);
  });

  it('resolveOptionalFrom resolves a known revision', async () => {
    expect(await resolveOptionalFrom(git, first.slice(0, 10), 'state')).toEqual({ sha: first });
  });

  it.each(['deadbeef'.repeat(5), 'gone-branch'])('resolveOptionalFrom with source "input" throws for unknown %s', async (rev) => {
    expect(await rejectionMessage(resolveOptionalFrom(git, rev, 'input'), UserError)).toBe(
      `from: unknown revision ${JSON.stringify(rev)} (not a commit in this repository)`,
    );
  });

  it('resolveOptionalFrom still refuses bad syntax whatever the source', async () => {
    await expect(resolveOptionalFrom(git, '-x', 'state')).rejects.toBeInstanceOf(UserError);
  });

  const withCatFile = async <T>(dir: string, f: (catFile: CatFile) => Promise<T>): Promise<T> => {
    const catFile = openCatFile(dir);
    try {
      return await f(catFile);
    } finally {
      catFile.close();
    }
  };

  it('lookupCommits answers as rev-parse --verify does, revision by revision', async () => {
    const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
    const blob = repo.git('rev-parse', 'HEAD:a.txt').trim();
    const revs = [
      'HEAD',
      'main',
      'v1',
      'v2',
      first.slice(0, 8),
      'HEAD~1',
      'HEAD~5',
      'nope',
      tree,
      blob,
      'HEAD:a.txt',
      'a b',
      '$(touch x)',
      'HEAD..main',
      'HEAD@{0}',
      'HEAD@{99}',
    ];
    const viaBatch = await withCatFile(repo.dir, (catFile) => Promise.all(revs.map(lookupCommits(git, catFile, revs))));
    const one = (rev: string) => resolveRevision(git, rev, 'to').catch(() => null);
    expect(viaBatch).toEqual(await Promise.all(revs.map(one)));
    expect(viaBatch.slice(0, 8)).toEqual([second, second, first, second, first, first, null, null]);
    expect(existsSync(join(repo.dir, 'x'))).toBe(false);
  });

  it('lookupCommits looks a revision it was not given up by itself, and never sends one that fails the syntax check', async () => {
    await withCatFile(repo.dir, async (catFile) => {
      const lookup = lookupCommits(git, catFile, ['--all', 'HEAD']);
      expect(await lookup('v1')).toBe(first);
      expect(await resolveRevision(git, 'HEAD', 'to', lookup)).toBe(second);
      await expect(resolveRevision(git, '--all', 'to', lookup)).rejects.toThrow(/must not start with "-"/);
    });
  });

  it.each(['HEAD@{99}', 'main@{upstream}', 'HEAD@{push}'])(
    'a `--from %s` that git cat-file dies on: only it is unknown, HEAD still resolves and the cat-file keeps answering',
    async (bad) => {
      await withCatFile(repo.dir, async (catFile) => {
        const lookup = lookupCommits(git, catFile, ['HEAD', bad]);
        expect(await resolveRevision(git, 'HEAD', 'to', lookup)).toBe(second);
        expect(await rejectionMessage(resolveOptionalFrom(git, bad, 'input', lookup), UserError)).toBe(
          `from: unknown revision ${JSON.stringify(bad)} (not a commit in this repository)`,
        );
        expect((await catFile.ask(['HEAD:a.txt']))[0]?.content.toString()).toBe('2');
      });
    },
  );

  it('lookupCommits outside a repository answers null (the work-tree check reports it)', async () => {
    const outside = dirname(dirname(repo.dir));
    expect(await withCatFile(outside, (catFile) => lookupCommits(gitAt(outside), catFile, ['HEAD'])('HEAD'))).toBeNull();
  });

  it('resolveOptionalFrom with a batch lookup: known, and unknown with the reason', async () => {
    await withCatFile(repo.dir, async (catFile) => {
      const lookup = lookupCommits(git, catFile, ['HEAD~1', 'gone-branch']);
      expect(await resolveOptionalFrom(git, 'HEAD~1', 'input', lookup)).toEqual({ sha: first });
      expect(await resolveOptionalFrom(git, 'gone-branch', 'event', lookup)).toEqual({
        sha: null,
        reason: "deployed revision gone-branch (event) is not in this repository's history",
      });
    });
  });
});

describe('a repository with no commit yet (git init, then init, then plan)', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-rev-empty'));
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('HEAD (the default `to`) says there is no commit to deploy and what to do, not "unknown revision"', async () => {
    expect(await rejectionMessage(resolveRevision(gitAt(repo.dir), 'HEAD', 'to'), UserError)).toBe(
      'to: HEAD names no commit: the repository has no commit yet. A deploy ships a commit, never the work tree: commit the app (and .github/) first',
    );
  });
});
