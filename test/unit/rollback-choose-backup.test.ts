import { describe, expect, it } from 'vitest';
import { parseInventory, pickNow } from '../../src/backup/inventory.js';
import { UserError } from '../../src/core/errors.js';
import { chooseBackup } from '../../src/backup/choose-backup.js';

const n = (stamp: string, target = 'prod') => `${target}-${stamp}-abcdef012345.sql.gz`;
const listing = [
  `F\t120\t${n('20240101T000000Z')}`,
  `F\t90\t${n('20240101T000000Z')}.json`,
  `F\t130\t${n('20240102T000000Z')}`,
  `F\t140\t${n('20240103T000000Z')}`, // unverified: no sidecar
  `F\t150\t${n('20990101T000000Z')}`, // future-dated
  `F\t10\t${n('20240105T000000Z', 'staging')}`,
  `F\t5\tnotes.txt`,
  `V\t${n('20240101T000000Z')}.json`,
  `V\t${n('20240102T000000Z')}.json`,
  `V\t${n('20990101T000000Z')}.json`,
  `V\t${n('20240105T000000Z', 'staging')}.json`,
].join('\n');
const NOW = new Date('2024-02-01T00:00:00Z');

describe('backup inventory and choice (restore, drill)', () => {
  const list = parseInventory(listing, '/srv/app/backups', 'prod');

  it("lists this target's backups newest first, with size and verification", () => {
    expect(list.map((b) => [b.name.slice(5, 13), b.size, b.verified])).toEqual([
      ['20990101', 150, true],
      ['20240103', 140, false],
      ['20240102', 130, true],
      ['20240101', 120, true],
    ]);
    expect(list[2]!.file).toBe(`/srv/app/backups/${n('20240102T000000Z')}`);
  });

  it('newest = the newest verified one that is not dated in the future', () => {
    expect(chooseBackup(list, 'prod', undefined, NOW).name).toBe(n('20240102T000000Z'));
  });

  it('a named backup; unknown, unverified and path-like names are refused with the available ones', () => {
    expect(chooseBackup(list, 'prod', n('20240101T000000Z'), NOW).size).toBe(120);
    expect(() => chooseBackup(list, 'prod', 'nope.sql.gz', NOW)).toThrow(
      /backup "nope.sql.gz" of prod not found \(available: prod-20990101/,
    );
    expect(() => chooseBackup(list, 'prod', n('20240103T000000Z'), NOW)).toThrow(/is not verified/);
    expect(() => chooseBackup(list, 'prod', `../${n('20240101T000000Z')}`, NOW)).toThrow(UserError);
    expect(() => chooseBackup([], 'prod', undefined, NOW)).toThrow(/no verified backup of prod on the host \(available: none\)/);
  });

  it("a backup of another engine: refused by name, passed over as the newest (the engine's own is picked)", () => {
    const pg = `prod-20240104T000000Z-abcdef012345.pgdump.gz`;
    const mixed = parseInventory(`${listing}\nF\t160\t${pg}\nF\t9\t${pg}.json\nV\t${pg}.json`, '/srv/app/backups', 'prod');
    expect(chooseBackup(mixed, 'prod', undefined, NOW).name).toBe(pg);
    expect(chooseBackup(mixed, 'prod', undefined, NOW, 'mariadb').name).toBe(n('20240102T000000Z'));
    expect(chooseBackup(mixed, 'prod', undefined, NOW, 'postgres').name).toBe(pg);
    expect(() => chooseBackup(mixed, 'prod', pg, NOW, 'mysql')).toThrow(
      "backup prod-20240104T000000Z-abcdef012345.pgdump.gz is a postgres backup, the target's engine is mysql (its backups end in .sql.gz): it cannot be restored into this target's database",
    );
    expect(() => chooseBackup(mixed, 'prod', n('20240101T000000Z'), NOW, 'sqlite')).toThrow(UserError);
    expect(() => chooseBackup(list, 'prod', undefined, NOW, 'postgres')).toThrow(/no verified backup of prod on the host/);
  });

  it("pickNow: the later of the runner's clock and the host's", () => {
    const runner = new Date('2024-02-01T00:00:00Z');
    expect(pickNow(runner, undefined)).toBe(runner);
    expect(pickNow(runner, runner.getTime() - 60_000)).toBe(runner);
    expect(pickNow(runner, runner.getTime() + 600_000).toISOString()).toBe('2024-02-01T00:10:00.000Z');
    // a listing with the host's clock line parses as before
    expect(parseInventory(`T\t1706745600\n${listing}`, '/srv/app/backups', 'prod')).toEqual(list);
  });
});
