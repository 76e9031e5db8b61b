import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStamp } from '../../src/backup/naming.js';
import { planPolicy, policyOf } from '../../src/backup/policy.js';
import { planRetention, type BackupListingEntry } from '../../src/backup/retention.js';

const NOW = new Date('2024-06-01T00:00:00Z');

const entry = fc
  .record({
    target: fc.constantFrom('web', 'api'),
    // from 2023 to a little after NOW (some future-dated)
    time: fc.integer({ min: Date.parse('2023-01-01T00:00:00Z') / 1000, max: Date.parse('2024-06-03T00:00:00Z') / 1000 }),
    verified: fc.boolean(),
  })
  .map(({ target, time, verified }): BackupListingEntry => ({ name: `${target}-${formatStamp(new Date(time * 1000))}-abcdef012345.sql.gz`, verified }));

describe('keep: N keeps working (the policy {last: N})', () => {
  it('planPolicy(policyOf(N)) decides exactly like planRetention(N)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 30 }), fc.integer({ min: -2, max: 12 }), fc.boolean(), (files, keep, protectOne) => {
        const protect = protectOne && files.length > 0 ? [{ name: files[files.length - 1]!.name, why: 'test' }] : [];
        const opts = { target: 'web', now: NOW, protect };
        const old = planRetention(files, keep, opts);
        const now = planPolicy(files, policyOf(keep), opts);
        expect({ kept: now.kept, deleted: now.deleted }).toEqual(old);
      }),
      { numRuns: 300 },
    );
  });
});
