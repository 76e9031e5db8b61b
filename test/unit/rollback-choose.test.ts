import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { Plan } from '../../src/plan/types.js';
import { rollbackChoices, type DeployState, type ReleaseRecord } from '../../src/record/state-model.js';
import { resolveRollbackTarget } from '../../src/rollback/choose.js';
import { backupToRestore, changedMigrations, recordRollback } from '../../src/rollback/history.js';

const sha = (c: string) => c.repeat(40);
const rel = (c: string, result: ReleaseRecord['result'], previous?: string, backup = true): ReleaseRecord => ({
  id: sha(c),
  sha: sha(c),
  at: `2024-01-0${'abcdef'.indexOf(c) + 1}T00:00:00Z`,
  result,
  actor: 'alice',
  previous: previous ? sha(previous) : undefined,
  backup: backup ? { file: `/srv/app/backups/before-${c}.sql.gz`, sha256: c.repeat(64), size: 10 } : undefined,
});

// a (ok) → b (ok) → c (failed, auto-reverted to b) → d (ok, current)
const state: DeployState = {
  version: 1,
  target: 'prod',
  current: sha('d'),
  releases: [rel('d', 'success', 'b'), rel('c', 'failed', 'b'), rel('b', 'success', 'a'), rel('a', 'success', undefined, false)],
};

const refusal = (spec: string, s = state): string => {
  try {
    resolveRollbackTarget(s, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('resolveRollbackTarget', () => {
  it('previous = the recorded predecessor of the current release', () => {
    expect(resolveRollbackTarget(state, 'previous').target.id).toBe(sha('b'));
    expect(resolveRollbackTarget(state).current.id).toBe(sha('d'));
  });

  it('accepts a release id, a full sha or an unambiguous prefix', () => {
    expect(resolveRollbackTarget(state, sha('a')).target.id).toBe(sha('a'));
    expect(resolveRollbackTarget(state, 'aaaaaaa').target.id).toBe(sha('a'));
    expect(resolveRollbackTarget(state, 'AAAAAAAA').target.id).toBe(sha('a'));
  });

  it('refuses a failed release with the list of valid choices', () => {
    const msg = refusal(sha('c'));
    expect(msg).toMatch(/release cccccccccccc is recorded as failed/);
    expect(msg).toContain('valid choices: previous, bbbbbbbbbbbb (2024-01-02T00:00:00Z), aaaaaaaaaaaa (2024-01-01T00:00:00Z)');
    expect(msg).not.toContain('dddddddddddd (');
  });

  it('refuses unknown releases, too-short prefixes and the current release', () => {
    expect(refusal('0123456789abcdef0123456789abcdef01234567')).toMatch(/unknown release "0123456789ab.*valid choices: previous, bbbb/);
    expect(refusal('aaaa')).toMatch(/unknown release "aaaa"/);
    expect(refusal(sha('d'))).toMatch(/already the current release/);
  });

  it('refuses when nothing is deployed or nothing else was deployed successfully', () => {
    expect(refusal('previous', { version: 1, target: 'prod', releases: [] })).toMatch(/nothing is deployed on prod/);
    const only: DeployState = { version: 1, target: 'prod', current: sha('b'), releases: [rel('b', 'success', 'a'), rel('a', 'failed')] };
    expect(refusal('previous', only)).toMatch(/no release before bbbbbbbbbbbb.*valid choices: previous, none/);
  });

  it('a rolled-back release is a valid choice (roll forward again)', () => {
    const after = recordRollback(state, rel('d', 'success', 'b'), rel('b', 'success', 'a'));
    expect(after.current).toBe(sha('b'));
    expect(after.releases.find((r) => r.id === sha('d'))?.result).toBe('rolled-back');
    expect(after.releases.map((r) => r.id)).toEqual(state.releases.map((r) => r.id));
    expect(rollbackChoices(after).map((r) => r.id)).toEqual([sha('d'), sha('a')]);
    expect(resolveRollbackTarget(after, 'previous').target.id).toBe(sha('a'));
    expect(resolveRollbackTarget(after, sha('d')).target.id).toBe(sha('d'));
  });

  it('previous never rolls forward: from the oldest release it is refused', () => {
    const atA = recordRollback(state, rel('d', 'success', 'b'), rel('a', 'success'));
    expect(refusal('previous', atA)).toMatch(
      /no release before aaaaaaaaaaaa to go back to; valid choices: previous, dddddddddddd \(2024-01-04T00:00:00Z, rolled back\), bbbb/,
    );
  });
});

describe('backupToRestore', () => {
  it('restores the backup taken just before the oldest deploy being undone', () => {
    const d = state.releases[0]!;
    expect(backupToRestore(state, d, rel('b', 'success', 'a')).backup.file).toBe('/srv/app/backups/before-d.sql.gz');
    // d → b → a: the deploy of b is the oldest undone; its backup holds a's data
    expect(backupToRestore(state, d, rel('a', 'success')).backup.file).toBe('/srv/app/backups/before-b.sql.gz');
  });

  it('refuses a target that is not an earlier release, and a release without backup', () => {
    const after = recordRollback(state, state.releases[0]!, state.releases[2]!);
    expect(() => backupToRestore(after, after.releases[2]!, after.releases[0]!)).toThrow(/not an earlier release/);
    const noBackup: DeployState = { ...state, releases: [rel('d', 'success', 'b', false), ...state.releases.slice(1)] };
    expect(() => backupToRestore(noBackup, noBackup.releases[0]!, state.releases[2]!)).toThrow(
      /no backup was recorded before release dddddddddddd/,
    );
  });
});

describe('changedMigrations', () => {
  it('finds migration files among the changed files', () => {
    const plan = { changedFiles: ['app/migrations/0002_x.py', 'app/views.py', 'migrations.md', 'db/migrations/0001.sql'] } as Plan;
    expect(changedMigrations(plan)).toEqual(['app/migrations/0002_x.py', 'db/migrations/0001.sql']);
  });
});
