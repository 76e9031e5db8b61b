import { describe, expect, it } from 'vitest';
import { prunedImageTags } from '../../src/deploy/prune.js';
import { referencedBackups, type DeployState, type ReleaseRecord } from '../../src/record/state-model.js';

const rel = (id: string, result: ReleaseRecord['result'], backup?: string, images?: ReleaseRecord['images']): ReleaseRecord => ({
  id,
  sha: id.padEnd(40, '0'),
  at: '2026-01-01T00:00:00Z',
  result,
  actor: 't',
  ...(backup ? { backup: { file: `/srv/app/backups/${backup}`, sha256: 'x', size: 1 } } : {}),
  ...(images ? { images } : {}),
});
const state = (...releases: ReleaseRecord[]): DeployState => ({ version: 1, target: 't', current: releases[0]?.id, releases });

describe('referencedBackups (protected from retention: restore-db pairs with them)', () => {
  it.each<[string, DeployState, number, string[]]>([
    ['the newest `keep` successful releases', state(rel('d', 'success', 'd.gz'), rel('c', 'success', 'c.gz'), rel('b', 'success', 'b.gz')), 2, ['d.gz', 'c.gz']],
    ['failed releases are skipped', state(rel('d', 'failed', 'd.gz'), rel('c', 'success', 'c.gz'), rel('b', 'success', 'b.gz')), 1, ['c.gz']],
    ['releases without a backup give nothing', state(rel('d', 'success'), rel('c', 'success', 'c.gz')), 1, []],
    ['duplicates once', state(rel('d', 'success', 'x.gz'), rel('c', 'success', 'x.gz')), 5, ['x.gz']],
  ])('%s', (_n, st, keep, expected) => {
    expect(referencedBackups(st, keep)).toEqual(expected);
  });
});

describe('prunedImageTags', () => {
  it('release tags of the pruned releases only, registry ports kept', () => {
    const images = { web: { name: 'host:5000/app_web:latest', id: 'sha256:1' }, worker: { name: 'app_worker', id: 'sha256:2' } };
    const st = state(rel('cccc', 'success', undefined, images), rel('bbbb', 'success', undefined, images), rel('aaaa', 'failed'));
    expect(prunedImageTags(st, ['bbbb', 'aaaa'])).toEqual(['host:5000/app_web:release-bbbb00000000', 'app_worker:release-bbbb00000000']);
    expect(prunedImageTags(st, [])).toEqual([]);
  });
});
