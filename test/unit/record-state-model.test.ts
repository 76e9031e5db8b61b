import { describe, expect, it } from 'vitest';
import {
  currentRelease,
  emptyState,
  parseState,
  recordRelease,
  type DeployState,
  type ReleaseRecord,
  type ReleaseResult,
} from '../../src/record/state-model.js';

const rel = (id: string, result: ReleaseResult = 'success', extra: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  id,
  sha: id.padEnd(40, '0'),
  at: '2024-05-01T00:00:00Z',
  result,
  actor: 'alice',
  ...extra,
});
const state = (current: string | undefined, ...releases: ReleaseRecord[]): DeployState => ({ version: 1, target: 'prod', current, releases });
const ids = (s: DeployState): string[] => s.releases.map((r) => r.id);

describe('recordRelease', () => {
  it.each<[string, DeployState, ReleaseRecord, string | undefined, string[]]>([
    ['first success becomes current', emptyState('prod'), rel('a'), 'a', ['a']],
    ['success moves current, newest first', state('a', rel('a')), rel('b'), 'b', ['b', 'a']],
    ['failed keeps current', state('a', rel('a')), rel('b', 'failed'), 'a', ['b', 'a']],
    ['rolled-back keeps current', state('a', rel('a')), rel('b', 'rolled-back'), 'a', ['b', 'a']],
    ['failed on an empty state leaves no current', emptyState('prod'), rel('a', 'failed'), undefined, ['a']],
    ['same id replaced and moved to the front', state('b', rel('b'), rel('a')), rel('a'), 'a', ['a', 'b']],
    ['failed redeploy of the current id keeps it current', state('a', rel('a'), rel('z')), rel('a', 'failed'), 'a', ['a', 'z']],
  ])('%s', (_name, before, release, current, order) => {
    const after = recordRelease(before, release);
    expect(after.current).toBe(current);
    expect(ids(after)).toEqual(order);
    expect(after.releases[0]).toBe(release);
    expect(after.target).toBe(before.target);
  });

  it('does not mutate the input state', () => {
    const before = state('a', rel('a'));
    const copy = structuredClone(before);
    recordRelease(before, rel('b'));
    expect(before).toEqual(copy);
  });

  it('replaces the old record of the same id (one record per id)', () => {
    const after = recordRelease(state('a', rel('a', 'failed', { error: 'boom' })), rel('a'));
    expect(after.releases).toHaveLength(1);
    expect(after.releases[0]?.error).toBeUndefined();
    expect(currentRelease(after)?.result).toBe('success');
  });
});

describe('currentRelease', () => {
  it.each<[string, DeployState, string | undefined]>([
    ['the record current points at', state('b', rel('c', 'failed'), rel('b'), rel('a')), 'b'],
    ['none without current', state(undefined, rel('a', 'failed')), undefined],
    ['none when current has no record', state('x', rel('a')), undefined],
  ])('%s', (_name, s, expected) => {
    expect(currentRelease(s)?.id).toBe(expected);
  });
});

describe('parseState', () => {
  it.each(['', '   \n'])('empty text %j → empty state for the target', (text) => {
    expect(parseState(text, 'prod')).toEqual({ version: 1, target: 'prod', releases: [] });
  });

  it('round-trips a saved state', () => {
    const s = state('a', rel('a', 'success', { images: { web: { name: 'app-web', id: 'sha256:1' } } }));
    expect(parseState(JSON.stringify(s, null, 2), 'prod')).toEqual(s);
  });

  it.each<[string, string, RegExp]>([
    ['wrong version', JSON.stringify({ version: 2, target: 'prod', releases: [] }), /unsupported format/],
    ['missing version', JSON.stringify({ target: 'prod', releases: [] }), /unsupported format/],
    ['releases not a list', JSON.stringify({ version: 1, target: 'prod', releases: {} }), /unsupported format/],
    ['truncated JSON', '{"version": 1, "rel', /JSON/],
    ['not JSON', 'hello', /JSON/],
  ])('%s → throws (never silently reset)', (_name, text, message) => {
    expect(() => parseState(text, 'prod')).toThrow(message);
  });
});
