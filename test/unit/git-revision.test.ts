import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { checkRevisionSyntax, resolveOptionalFrom, resolveRevision, ZERO_SHA } from '../../src/git/revision.js';
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

describe('revision resolution on a real temp repository', () => {
  let repo: TempRepo;
  let git: SimpleGit;
  let first = '';
  let second = '';

  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-rev'));
    first = await repo.commit({ 'a.txt': '1' });
    second = await repo.commit({ 'a.txt': '2' });
    repo.git('tag', 'v1', first);
    git = simpleGit({ baseDir: repo.dir });
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
});
