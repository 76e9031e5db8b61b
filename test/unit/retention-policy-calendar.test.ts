import { describe, expect, it } from 'vitest';
import { dayKey, describePolicy, monthKey, planPolicy, weekKey } from '../../src/backup/policy.js';
import type { BackupListingEntry } from '../../src/backup/retention.js';
import { retentionTable } from '../../src/backup/retention-table.js';

const name = (target: string, iso: string) => `${target}-${iso.replace(/[-:]/g, '').replace(/\.\d+/, '')}-abcdef012345.sql.gz`;
const v = (iso: string, target = 'web'): BackupListingEntry => ({ name: name(target, iso), verified: true });
const t = (iso: string) => Date.parse(iso);
const NOW = new Date('2024-03-15T12:00:00Z');

describe('calendar buckets (UTC)', () => {
  it.each([
    ['2024-03-15T23:59:59Z', '2024-03-15'],
    ['2024-03-16T00:00:00Z', '2024-03-16'],
  ])('day of %s is %s', (iso, key) => expect(dayKey(t(iso))).toBe(key));

  it.each([
    ['2020-12-31T12:00:00Z', '2020-W53'],
    ['2021-01-03T23:59:59Z', '2020-W53'],
    ['2021-01-04T00:00:00Z', '2021-W01'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2024-03-10T23:00:00Z', '2024-W10'],
    ['2024-03-11T00:00:00Z', '2024-W11'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
  ])('ISO week of %s is %s', (iso, key) => expect(weekKey(t(iso))).toBe(key));

  it('month', () => {
    expect(monthKey(t('2024-02-29T23:59:59Z'))).toBe('2024-02');
    expect(monthKey(t('2024-03-01T00:00:00Z'))).toBe('2024-03');
  });
});

describe('planPolicy (like restic forget)', () => {
  const files = [
    v('2024-03-16T02:00:00Z'), // future: more than 5 min after NOW
    v('2024-03-15T10:00:00Z'),
    v('2024-03-15T02:00:00Z'),
    v('2024-03-14T02:00:00Z'),
    v('2024-03-13T02:00:00Z'),
    v('2024-03-10T02:00:00Z'), // Sunday of 2024-W10
    v('2024-03-04T02:00:00Z'), // Monday of 2024-W10
    v('2024-03-03T02:00:00Z'), // 2024-W09
    v('2024-02-20T02:00:00Z'),
    v('2024-01-31T02:00:00Z'),
    v('2023-12-31T02:00:00Z'),
    { name: name('web', '2024-03-15T11:00:00Z'), verified: false }, // unverified: never touched
    v('2020-01-01T00:00:00Z', 'api'), // other target: never touched
  ];

  it('keeps the newest of each period for the last N periods, deletes the rest', () => {
    const r = planPolicy(files, { last: 2, daily: 3, weekly: 3, monthly: 3 }, { target: 'web', now: NOW });
    expect(r.deleted).toEqual([name('web', '2024-03-04T02:00:00Z'), name('web', '2023-12-31T02:00:00Z')]);
    const why = Object.fromEntries(r.decisions.map((d) => [d.name.slice(4, 17), d.reasons]));
    expect(why['20240316T0200']).toEqual(['future-dated: kept, not counted']);
    expect(why['20240315T1000']).toEqual(['last 1/2', 'daily 2024-03-15', 'weekly 2024-W11', 'monthly 2024-03']);
    expect(why['20240315T0200']).toEqual(['last 2/2']);
    expect(why['20240314T0200']).toEqual(['daily 2024-03-14']);
    expect(why['20240313T0200']).toEqual(['daily 2024-03-13']);
    expect(why['20240310T0200']).toEqual(['weekly 2024-W10']);
    expect(why['20240303T0200']).toEqual(['weekly 2024-W09']);
    expect(why['20240220T0200']).toEqual(['monthly 2024-02']);
    expect(why['20240131T0200']).toEqual(['monthly 2024-01']);
    expect(why['20231231T0200']).toEqual(['not selected by any rule']);
    expect(r.decisions.map((d) => d.name)).not.toContain(name('web', '2024-03-15T11:00:00Z'));
    expect(r.decisions.every((d) => d.name.startsWith('web-'))).toBe(true);
  });

  it('future-dated files do not push real backups out', () => {
    const future = ['2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z', '2030-03-01T00:00:00Z'].map((d) => v(d));
    const real = [v('2024-03-15T10:00:00Z'), v('2024-03-14T10:00:00Z')];
    const r = planPolicy([...future, ...real], { last: 2 }, { target: 'web', now: NOW });
    expect(r.deleted).toEqual([]);
    expect(r.kept).toHaveLength(5);
  });

  it('never deletes the newest verified backup, even with a policy that selects nothing', () => {
    const r = planPolicy([v('2024-03-15T10:00:00Z'), v('2024-03-14T10:00:00Z')], {}, { target: 'web', now: NOW });
    expect(r.kept).toEqual([name('web', '2024-03-15T10:00:00Z')]);
    expect(r.decisions[0]?.reasons).toEqual(['newest verified backup']);
  });

  it('keeps protected names (the backup about to be restored) whatever the policy', () => {
    const old = name('web', '2024-01-01T00:00:00Z');
    const r = planPolicy(
      [v('2024-03-15T10:00:00Z'), v('2024-02-01T00:00:00Z'), { name: old, verified: true }],
      { last: 1 },
      { target: 'web', now: NOW, protect: [{ name: old, why: 'being restored' }] },
    );
    expect(r.deleted).toEqual([name('web', '2024-02-01T00:00:00Z')]);
    expect(r.decisions.find((d) => d.name === old)).toMatchObject({
      keep: true,
      reasons: ['protected: being restored'],
      protectedFor: 'being restored',
    });
  });

  it('several backups on one day: daily keeps only the newest of that day', () => {
    const day = ['2024-03-15T01:00:00Z', '2024-03-15T02:00:00Z', '2024-03-15T03:00:00Z'].map((d) => v(d));
    const r = planPolicy(day, { daily: 7 }, { target: 'web', now: NOW });
    expect(r.kept).toEqual([name('web', '2024-03-15T03:00:00Z')]);
  });

  // two deploys in one second name their backups with the same time: the one just taken is the newest
  it.each([
    ['web-20240315T100000Z-aaaaaaaaaaaa.sql.gz', 'web-20240315T100000Z-ffffffffffff.sql.gz'],
    ['web-20240315T100000Z-ffffffffffff.sql.gz', 'web-20240315T100000Z-aaaaaaaaaaaa.sql.gz'],
  ])('same second: daily keeps the one just taken (%s), the other is protected or deleted', (taken, other) => {
    const files = [taken, other].map((n) => ({ name: n, verified: true }));
    const plain = planPolicy(files, { daily: 7 }, { target: 'web', now: NOW, newest: taken });
    expect(plain.kept).toEqual([taken]);
    expect(plain.deleted).toEqual([other]);
    const kept = planPolicy(files, { daily: 7 }, { target: 'web', now: NOW, newest: taken, protect: [{ name: other, why: 'rollback' }] });
    expect(kept.decisions.map((d) => [d.name, d.reasons])).toEqual([
      [taken, ['daily 2024-03-15']],
      [other, ['protected: rollback']],
    ]);
  });

  it('same second, nothing just taken: by name, descending', () => {
    const files = ['web-20240315T100000Z-aaaaaaaaaaaa.sql.gz', 'web-20240315T100000Z-ffffffffffff.sql.gz'].map((n) => ({
      name: n,
      verified: true,
    }));
    expect(planPolicy(files, { daily: 7 }, { target: 'web', now: NOW }).kept).toEqual(['web-20240315T100000Z-ffffffffffff.sql.gz']);
  });

  it('is shown as a table with reasons', () => {
    const r = planPolicy(files, { last: 2, daily: 3, weekly: 3, monthly: 3 }, { target: 'web', now: NOW });
    const lines = retentionTable({ last: 2, daily: 3, weekly: 3, monthly: 3 }, r);
    expect(lines[0]).toBe('Retention (keep: last 2, daily 3, weekly 3, monthly 3): 9 kept, 2 deleted');
    expect(lines).toContain(`| ${name('web', '2023-12-31T02:00:00Z')} | deleted | not selected by any rule |`);
    expect(describePolicy(5)).toBe('last 5');
  });
});
