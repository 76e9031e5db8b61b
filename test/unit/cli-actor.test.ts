/**
 * The actor of a CLI run (no GITHUB_ACTOR): git's user.name in the deployed repository, else $USER,
 * else the account's login name; `status` shows it ("deployed ... by <actor>") instead of "unknown".
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorName, chooseActor } from '../../src/entry/cli/actor.js';
import { parseCli } from '../../src/entry/cli/args.js';
import type { Settings } from '../../src/core/settings.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

describe('chooseActor', () => {
  const none = () => undefined;
  it('git user.name first, then $USER, then the login name, then "unknown"', () => {
    expect(chooseActor('Ada Lovelace\n', { USER: 'ada' }, () => 'root')).toBe('Ada Lovelace');
    expect(chooseActor(undefined, { USER: 'ada' }, () => 'root')).toBe('ada');
    expect(chooseActor('  \n', { USER: '' }, () => 'root')).toBe('root');
    expect(chooseActor(undefined, {}, none)).toBe('unknown');
  });

  it('one line, no control characters, at most 64 characters', () => {
    expect(actorName('Ada\tLove\u001b[31mlace\r\nsecond')).toBe('Ada Love [31mlace second');
    expect(actorName('x'.repeat(100))).toBe('x'.repeat(64));
    expect(actorName('\u0007')).toBeUndefined();
  });
});

describe('parseCli: the run actor of the commands that record one', () => {
  let repo: TempRepo;
  let home: string;
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-cli-actor'));
    home = join(dirname(repo.dir), 'home');
    await mkdir(home);
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  // no USER, a HOME without a .gitconfig: only what the test sets is seen
  const env = () => ({ PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' });
  const actor = (command: string, e: NodeJS.ProcessEnv = env()) => (parseCli([command, '--repo', repo.dir], e) as Settings).run.actor;

  it("deploy, rollback, backup, restore: the repository's git user.name, not unknown", () => {
    repo.git('config', 'user.name', 'Ada Lovelace');
    for (const command of ['deploy', 'rollback', 'backup', 'restore']) expect(actor(command)).toBe('Ada Lovelace');
  });

  it('no user.name: $USER, else the login name', () => {
    repo.git('config', '--unset', 'user.name');
    expect(actor('deploy', { ...env(), USER: 'ada' })).toBe('ada');
    expect(actor('deploy')).toBe(userInfo().username);
  });
});
