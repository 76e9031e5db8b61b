import { describe, expect, it } from 'vitest';
import { formatStatus, type TargetStatus } from '../../src/commands/status.js';
import { recordRollback } from '../../src/rollback/history.js';
import { imagesExpect } from '../../src/record/state-store.js';
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
const state = (current: string | undefined, ...releases: ReleaseRecord[]): DeployState => ({
  version: 1,
  target: 'prod',
  current,
  releases,
});
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
  it('no state.json (null) → empty state for the target', () => {
    expect(parseState(null, 'prod')).toEqual({ version: 1, target: 'prod', releases: [] });
  });

  it.each(['', '   \n'])('an empty state.json %j is an error, not a first deploy', (text) => {
    expect(() => parseState(text, 'prod')).toThrow(/state\.json is empty/);
  });

  it('round-trips a saved state', () => {
    const a = 'a'.repeat(40);
    const s = state(a, rel(a, 'success', { images: { web: { name: 'app-web', id: 'sha256:1' } } }));
    expect(parseState(JSON.stringify(s, null, 2), 'prod')).toEqual(s);
  });

  it.each<[string, string, RegExp]>([
    ['wrong version', JSON.stringify({ version: 2, target: 'prod', releases: [] }), /unsupported format/],
    ['missing version', JSON.stringify({ target: 'prod', releases: [] }), /unsupported format/],
    ['releases not a list', JSON.stringify({ version: 1, target: 'prod', releases: {} }), /unsupported format/],
    ['truncated JSON', '{"version": 1, "rel', /JSON/],
    ['not JSON', 'hello', /JSON/],
    ['JSON null', 'null', /unsupported format/],
  ])('%s → throws (never silently reset)', (_name, text, message) => {
    expect(() => parseState(text, 'prod')).toThrow(message);
  });
});

describe('currentSince: when the current release became current', () => {
  it('a successful deploy: its own time; a failed one changes nothing', () => {
    const after = recordRelease(emptyState('prod'), rel('a', 'success', { at: '2024-05-01T10:00:00Z' }));
    expect(after.currentSince).toEqual({ at: '2024-05-01T10:00:00Z', via: 'deploy' });
    expect(recordRelease(after, rel('b', 'failed', { at: '2024-05-02T10:00:00Z' })).currentSince).toEqual(after.currentSince);
  });

  it('a rollback: the time of the rollback, not the original deploy', () => {
    const deployed = recordRelease(
      recordRelease(emptyState('prod'), rel('a', 'success', { at: '2024-05-01T10:00:00Z' })),
      rel('b', 'success', { at: '2024-05-02T10:00:00Z' }),
    );
    const back = recordRollback(deployed, deployed.releases[0]!, deployed.releases[1]!, '2024-05-03T08:30:00Z');
    expect(back.current).toBe('a');
    expect(back.currentSince).toEqual({ at: '2024-05-03T08:30:00Z', via: 'rollback' });
  });
});

describe('status text after a rollback', () => {
  const status = (currentSince?: TargetStatus['currentSince']): TargetStatus => ({
    target: 'prod',
    host: 'deploy@example.com',
    path: '/srv/app',
    current: 'a',
    currentSince,
    releases: [
      { id: 'b', sha: 'b', at: '2024-05-02T10:00:00Z', result: 'rolled-back', actor: 'bob' },
      { id: 'a', sha: 'a', at: '2024-05-01T10:00:00Z', result: 'success', actor: 'alice' },
    ],
    lock: null,
    backups: [{ name: 'prod-x.sql.gz', size: 3 * 1024 * 1024, verified: true } as TargetStatus['backups'][number]],
    backupCount: 1,
  });

  it('shows when the release became current again, and its first deploy', () => {
    const lines = formatStatus(status({ at: '2024-05-03T08:30:00Z', via: 'rollback' }));
    expect(lines[1]).toBe(
      'current: a (current again since 2024-05-03T08:30:00Z by a rollback; first deployed 2024-05-01T10:00:00Z by alice)',
    );
  });

  it('a deploy (or an old state file without currentSince): the deploy time', () => {
    expect(formatStatus(status({ at: '2024-05-01T10:00:00Z', via: 'deploy' }))[1]).toBe(
      'current: a (deployed 2024-05-01T10:00:00Z by alice)',
    );
    expect(formatStatus(status())[1]).toBe('current: a (deployed 2024-05-01T10:00:00Z by alice)');
  });

  it('the compose the current release was deployed with, when recorded (v2 and v1)', () => {
    expect(formatStatus({ ...status(), compose: { command: 'docker compose', version: '2.26.1' } })[2]).toBe(
      'compose: docker compose 2.26.1 (v2)',
    );
    expect(formatStatus({ ...status(), compose: { command: 'docker-compose', version: '1.29.2' } })[2]).toBe(
      'compose: docker-compose 1.29.2 (v1)',
    );
    expect(formatStatus(status()).some((l) => l.startsWith('compose:'))).toBe(false);
  });

  it('backup sizes in human units', () => {
    expect(formatStatus(status())).toContain('| prod-x.sql.gz | 3.0 MiB | yes |');
  });
});

describe('parseState: host-read ids and shas are commit shas before they name a path', () => {
  const A = 'a'.repeat(40);
  const good = { id: A, sha: A, at: '2026-01-01T00:00:00Z', result: 'success', actor: 'x' };
  const text = (releases: unknown[], current: unknown = A) =>
    JSON.stringify({ version: 1, target: 'prod', ...(current === null ? {} : { current }), releases });

  it.each(['../../shared', '..', '/', '', 'a b', 'abc\ndef0123', '$(touch /tmp/x)', 'ABCDEF0123', 'abc', 7])(
    'release id %j is refused',
    (id) => {
      expect(() => parseState(text([{ ...good, id }], id), 'prod')).toThrow(/releases\[0\]\.id .* is not a commit sha/);
    },
  );

  it.each(['..', '', 'a b', '--all', 'HEAD'])('sha %j is refused', (sha) => {
    expect(() => parseState(text([{ ...good, sha }]), 'prod')).toThrow(/releases\[0\]\.sha .* is not a commit sha/);
  });

  it('a previous link that is not a sha, an unknown result, a record that is no object are refused', () => {
    expect(() => parseState(text([{ ...good, previous: '../x' }]), 'prod')).toThrow(/releases\[0\]\.previous "\.\.\/x"/);
    expect(() => parseState(text([{ ...good, result: 'ok' }]), 'prod')).toThrow(/releases\[0\]\.result "ok"/);
    expect(() => parseState(text(['x']), 'prod')).toThrow(/releases\[0\] is not an object/);
  });

  it('a release id that is not its sha is refused (its directory would not hold its tree)', () => {
    expect(() => parseState(text([{ ...good, sha: 'b'.repeat(40) }]), 'prod')).toThrow(/releases\[0\]\.id "a{40}" is not its sha "b{40}"/);
  });

  it('current must be a sha with a release record', () => {
    expect(() => parseState(text([good], '../../shared'), 'prod')).toThrow(/current "\.\.\/\.\.\/shared" is not a commit sha/);
    expect(() => parseState(text([good], 'b'.repeat(40)), 'prod')).toThrow(/current "b{40}" has no release record/);
  });

  it('a state the tool wrote (short test ids included) is accepted; no current is fine', () => {
    const ok = { ...good, id: 'abcdef1', sha: 'abcdef1', previous: A };
    expect(parseState(text([ok, good], 'abcdef1'), 'prod').current).toBe('abcdef1');
    expect(parseState(text([{ ...good, result: 'failed' }], null), 'prod').current).toBeUndefined();
  });
});

describe('parseState: recorded images are the target’s before any is pulled, tagged or run', () => {
  const A = 'a'.repeat(40);
  const ID = `sha256:${'0'.repeat(64)}`;
  const PREFIX = 'registry.example.com:5000/app/';
  const REF = `${PREFIX}web:release-${A.slice(0, 12)}`;
  const release = (images: unknown) => ({ id: A, sha: A, at: '2026-01-01T00:00:00Z', result: 'success', actor: 'x', images });
  const text = (images: unknown) => JSON.stringify({ version: 1, target: 'prod', current: A, releases: [release(images)] });
  const parse = (images: unknown) => parseState(text(images), 'prod', { refPrefix: PREFIX });

  it('what the tool records is accepted: compose names and ids, `build:` references, swarm records', () => {
    expect(() => parse({ web: { name: 'app-web', id: ID, ref: REF } })).not.toThrow();
    expect(() => parse({ web: { name: 'app_web', id: ID } })).not.toThrow();
    expect(() => parse({ web: { name: REF, id: REF, ref: REF } })).not.toThrow();
    // a reference carried over from an older release keeps that release's tag
    expect(() => parse({ web: { name: 'app-web', id: ID, ref: `${PREFIX}web:release-bbbbbbbbbbbb` } })).not.toThrow();
  });

  it.each([
    ['another registry', `registry.evil/app/web:release-${A.slice(0, 12)}`],
    ['another repository', `registry.example.com:5000/other/web:release-${A.slice(0, 12)}`],
    ['another service', `${PREFIX}db:release-${A.slice(0, 12)}`],
    ['another tag', `${PREFIX}web:latest`],
    ['a digest', `${PREFIX}web@sha256:${'0'.repeat(64)}`],
    ['an option', '--help'],
  ])('a reference of %s is refused', (_, ref) => {
    expect(() => parse({ web: { name: 'app-web', id: ID, ref } })).toThrow(
      /releases\[0\]\.images\["web"\]\.ref .* is not an image this target pushes/,
    );
  });

  it('an id that is not an image id, a name that is an option or holds a space, a key that is no service are refused', () => {
    expect(() => parse({ web: { name: 'app-web', id: 'registry.evil/x:latest' } })).toThrow(
      /\.id "registry\.evil\/x:latest" is not an image id/,
    );
    expect(() => parse({ web: { name: '--all', id: ID } })).toThrow(/\.name "--all" is not an image name/);
    expect(() => parse({ web: { name: 'a b', id: ID } })).toThrow(/\.name "a b" is not an image name/);
    expect(() => parse({ '../x': { name: 'app-web', id: ID } })).toThrow(/images key "\.\.\/x" is not a service name/);
    expect(() => parse(['x'])).toThrow(/releases\[0\]\.images is not an object/);
  });

  it('without `build:` (no prefix) a reference is still one of `<registry>/<repository>/<service>:release-<sha12>`', () => {
    expect(() => parseState(text({ web: { name: 'app-web', id: ID, ref: REF } }), 'prod')).not.toThrow();
    expect(() => parseState(text({ web: { name: 'app-web', id: ID, ref: 'evil/x:latest' } }), 'prod')).toThrow(
      /is not an image this target pushes/,
    );
  });
});

describe('imagesExpect: the references a target with `build:` pushes', () => {
  const session = (target: object, project?: string) =>
    ({ config: { compose: { project } }, target }) as unknown as Parameters<typeof imagesExpect>[0];

  it('is <registry>/<repository>/ (repository: build.repository, else compose.project); nothing without build:', () => {
    expect(imagesExpect(session({ path: '/srv', build: { on: 'runner', registry: 'r:5000/p' } }, 'app'))).toEqual({
      refPrefix: 'r:5000/p/app/',
    });
    expect(imagesExpect(session({ path: '/srv', build: { on: 'runner', registry: 'r:5000', repository: 'team/x' } }, 'app'))).toEqual({
      refPrefix: 'r:5000/team/x/',
    });
    expect(imagesExpect(session({ path: '/srv' }, 'app'))).toEqual({});
  });
});
