import { describe, expect, it } from 'vitest';
import { describePolicy, planPolicy, type RetentionPolicy } from '../../src/backup/policy.js';
import type { BackupListingEntry } from '../../src/backup/retention.js';
import { parseDuration } from '../../src/config/duration.js';

const name = (iso: string) => `web-${iso.replace(/[-:]/g, '')}-abcdef012345.sql.gz`;
const v = (iso: string): BackupListingEntry => ({ name: name(iso), verified: true });
const d = (text: string): number => parseDuration(text)!;
const NOW = new Date('2024-03-31T12:00:00Z');

/** Kept backup names (their dates) for a policy over the given backup dates. */
const kept = (dates: string[], policy: RetentionPolicy, now = NOW): string[] =>
  planPolicy(dates.map(v), policy, { target: 'web', now })
    .decisions.filter((x) => x.keep)
    .map((x) => x.name.slice(4, 17));

describe('keep: {within} (restic --keep-within), alone and with the calendar rules', () => {
  const month = ['2024-03-31T12:00:00Z', '2024-03-21T12:00:00Z', '2024-03-01T12:00:00Z', '2024-03-01T11:59:59Z', '2024-02-20T12:00:00Z'];
  it.each<[string, string[], RetentionPolicy, Date, string[]]>([
    [
      'every backup within 30 days of the newest, the boundary included',
      month,
      { within: d('30d') },
      NOW,
      ['20240331T1200', '20240321T1200', '20240301T1200'],
    ],
    ['a sub-day window', month, { within: d('1d') }, NOW, ['20240331T1200']],
    // restic measures from the newest backup: when backups stop, the window does not empty itself
    [
      'measured from the newest backup, not from now',
      month,
      { within: d('30d') },
      new Date('2024-06-30T00:00:00Z'),
      ['20240331T1200', '20240321T1200', '20240301T1200'],
    ],
    [
      'any rule keeps: within 10d OR monthly 2',
      month,
      { within: d('10d'), monthly: 2 },
      NOW,
      ['20240331T1200', '20240321T1200', '20240220T1200'],
    ],
    ['any rule keeps: within 1d OR last 2', month, { within: d('1d'), last: 2 }, NOW, ['20240331T1200', '20240321T1200']],
    [
      'a future-dated file is not the reference',
      ['2030-01-01T00:00:00Z', ...month],
      { within: d('1d') },
      NOW,
      ['20300101T0000', '20240331T1200'],
    ],
  ])('%s', (_n, dates, policy, now, expected) => {
    expect(kept(dates, policy, now)).toEqual(expected);
  });

  it('says which rules keep a backup', () => {
    const r = planPolicy(month.map(v), { within: d('30d'), daily: 1 }, { target: 'web', now: NOW });
    expect(r.decisions.map((x) => x.reasons)).toEqual([
      ['daily 2024-03-31', 'within 30d'],
      ['within 30d'],
      ['within 30d'],
      ['not selected by any rule'],
      ['not selected by any rule'],
    ]);
  });

  it.each<[RetentionPolicy, string]>([
    [{ within: d('30d') }, 'within 30d'],
    [{ daily: 7, within: d('1d12h') }, 'daily 7, within 1d12h'],
  ])('describePolicy(%j) = %s', (policy, text) => {
    expect(describePolicy(policy)).toBe(text);
  });
});
