import { describe, expect, it } from 'vitest';
import { deleteScript, listingScript, parseHostTime, parseListing } from '../../src/backup/prune.js';
import { retentionNow } from '../../src/backup/apply-retention.js';
import { planPolicy, policyOf } from '../../src/backup/policy.js';
import type { BackupListingEntry, RetentionOptions } from '../../src/backup/retention.js';

/** `keep: N` as retention runs it: the policy {last: N} (the keep-N planner it replaced is gone). */
function planRetention(files: BackupListingEntry[], keep: number, opts: RetentionOptions) {
  const { kept, deleted } = planPolicy(files, policyOf(keep), opts);
  return { kept, deleted };
}

const at = (target: string, day: number, hour = 12) =>
  `${target}-202401${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}0000Z-abcdef012345.sql.gz`;
const v = (name: string): BackupListingEntry => ({ name, verified: true });
const u = (name: string): BackupListingEntry => ({ name, verified: false });
const NOW = new Date('2024-01-10T00:00:00Z');

describe('keep: N (the policy {last: N})', () => {
  const four = [v(at('web', 1)), v(at('web', 3)), v(at('web', 2)), v(at('web', 4))];

  it.each([
    { keep: 2, kept: [4, 3], deleted: [2, 1] },
    { keep: 1, kept: [4], deleted: [3, 2, 1] },
    { keep: 0, kept: [4], deleted: [3, 2, 1] }, // the newest verified one is never deleted
    { keep: -5, kept: [4], deleted: [3, 2, 1] },
    { keep: 4, kept: [4, 3, 2, 1], deleted: [] },
    { keep: 10, kept: [4, 3, 2, 1], deleted: [] },
    { keep: 2.9, kept: [4, 3], deleted: [2, 1] },
  ])('keep=$keep keeps the newest by the name timestamp', ({ keep, kept, deleted }) => {
    expect(planRetention(four, keep, { target: 'web', now: NOW })).toEqual({
      kept: kept.map((d) => at('web', d)),
      deleted: deleted.map((d) => at('web', d)),
    });
  });

  it("never touches other targets (even ones whose name extends this one's)", () => {
    const files = [...four, v(at('web-eu', 1)), v(at('webx', 1)), v(at('api', 1))];
    const plan = planRetention(files, 1, { target: 'web', now: NOW });
    expect(plan.deleted).toEqual([at('web', 3), at('web', 2), at('web', 1)]);
    expect(plan.kept).toEqual([at('web', 4)]);
  });

  it('ignores unverified backups, temp files, sidecars and foreign files: neither counted nor deleted', () => {
    const files = [
      ...four,
      u(at('web', 9)), // no sidecar / not verified: does not count as the newest
      u(`.tmp-${at('web', 9)}`),
      u(`${at('web', 1)}.json`),
      u('README'),
    ];
    const plan = planRetention(files, 2, { target: 'web', now: NOW });
    expect(plan).toEqual({ kept: [at('web', 4), at('web', 3)], deleted: [at('web', 2), at('web', 1)] });
  });

  it('a future-dated backup (clock skew) neither counts nor is deleted, so real ones stay', () => {
    const future = at('web', 28);
    const plan = planRetention([...four, v(future)], 2, { target: 'web', now: NOW });
    expect(plan.kept).toEqual([future, at('web', 4), at('web', 3)]);
    expect(plan.deleted).toEqual([at('web', 2), at('web', 1)]);
    // without `now` every date counts
    expect(planRetention([...four, v(future)], 2, { target: 'web' }).kept).toEqual([future, at('web', 4)]);
  });

  it('protected names stay whatever their date', () => {
    const plan = planRetention(four, 1, { target: 'web', now: NOW, protect: [{ name: at('web', 1), why: 'test' }] });
    expect(plan).toEqual({ kept: [at('web', 4), at('web', 1)], deleted: [at('web', 3), at('web', 2)] });
  });

  it('same second: the order is stable by name', () => {
    const a = 'web-20240101T120000Z-aaaaaaaaaaaa.sql.gz';
    const b = 'web-20240101T120000Z-bbbbbbbbbbbb.sql.gz';
    expect(planRetention([v(a), v(b)], 1, { target: 'web', now: NOW })).toEqual({ kept: [b], deleted: [a] });
  });

  it('nothing to do for an empty directory', () => {
    expect(planRetention([], 3, { target: 'web' })).toEqual({ kept: [], deleted: [] });
  });
});

describe('retention listing and deletion scripts', () => {
  it('parses F/V lines into entries (verified = a verified sidecar exists)', () => {
    const out = [`F\t${at('web', 1)}`, `F\t${at('web', 1)}.json`, `F\t${at('web', 2)}`, `V\t${at('web', 1)}.json`, 'junk', ''].join('\n');
    expect(parseListing(out)).toEqual([v(at('web', 1)), u(at('web', 2))]);
  });

  it('deletes sidecars before their backups, every name quoted', () => {
    expect(deleteScript('/srv/my app/backups', ['a.sql.gz'])).toBe("cd '/srv/my app/backups' && rm -f -- a.sql.gz.json a.sql.gz");
    expect(listingScript('/srv/app/backups')).toContain('"verified"[[:space:]]*:[[:space:]]*true');
  });
});

describe('retention dates backups by the earlier of the runner and host clocks', () => {
  const runner = new Date('2024-03-01T00:00:00Z');
  it('the listing prints the host clock first; parsed in ms, absent when not printed', () => {
    expect(listingScript('/srv/app/backups')).toContain(`printf 'T\\t%s\\n' "$(date +%s)"`);
    expect(parseHostTime('T\t1709251200\nF\tx.sql.gz\n')).toBe(1709251200_000);
    expect(parseHostTime('F\tx.sql.gz\n')).toBeUndefined();
  });

  it('a runner ahead of the host: the host clock; behind or equal, or no host clock: the runner', () => {
    expect(retentionNow(runner, runner.getTime() - 30 * 86_400_000)).toEqual(new Date('2024-01-31T00:00:00Z'));
    expect(retentionNow(runner, runner.getTime() + 1000)).toBe(runner);
    expect(retentionNow(runner, undefined)).toBe(runner);
    expect(retentionNow(undefined, 5)).toBeUndefined();
  });

  it('with the host clock, the new backup of a runner 30 days ahead is future-dated: within counts from the real ones', () => {
    const real = [v(at('web', 30)), v(at('web', 29))];
    const fresh = v('web-20240301T000000Z-abcdef012345.sql.gz');
    const now = retentionNow(runner, Date.parse('2024-01-31T12:00:00Z'));
    const r = planPolicy([fresh, ...real], { within: 7 * 86_400_000 }, { target: 'web', now, newest: fresh.name });
    expect(r.deleted).toEqual([]);
    expect(r.decisions[0]).toMatchObject({ name: fresh.name, reasons: ['future-dated: kept, not counted'] });
  });
});
