/** Drift between the hosts of a target (pure): different releases, nothing deployed, unreachable hosts. */
import { describe, expect, it } from 'vitest';
import { hostDrift } from '../../src/record/host-drift.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('hostDrift', () => {
  it('every host on one release: no drift, nothing to say', () => {
    const d = hostDrift([
      { host: 'h1', release: A },
      { host: 'h2', release: A },
    ]);
    expect(d).toEqual({ drifted: false, releases: { [A]: ['h1', 'h2'] }, unreachable: [], unreadable: [], messages: [] });
  });

  it('hosts on different releases drift; the message groups the hosts by release', () => {
    const d = hostDrift([
      { host: 'h1', release: B },
      { host: 'h2', release: A },
      { host: 'h3', release: A },
    ]);
    expect(d.drifted).toBe(true);
    expect(d.releases).toEqual({ [B]: ['h1'], [A]: ['h2', 'h3'] });
    expect(d.messages).toEqual([
      'DRIFT: the hosts run different releases: bbbbbbbbbbbb on h1; aaaaaaaaaaaa on h2, h3. A deploy (or a rollback) converges them.',
    ]);
  });

  it('a host with nothing deployed drifts from the others', () => {
    const d = hostDrift([{ host: 'h1', release: A }, { host: 'h2' }]);
    expect(d.drifted).toBe(true);
    expect(d.releases).toEqual({ [A]: ['h1'], '': ['h2'] });
    expect(d.messages[0]).toContain('nothing on h2');
  });

  it('an unreachable host is named, not counted as a release; the others alone decide the drift', () => {
    const d = hostDrift([
      { host: 'h1', release: A },
      { host: 'h2', unreachable: 'connect ETIMEDOUT' },
      { host: 'h3', release: A },
    ]);
    expect(d.drifted).toBe(false);
    expect(d.unreachable).toEqual(['h2']);
    expect(d.releases).toEqual({ [A]: ['h1', 'h3'] });
    expect(d.messages).toEqual(['UNREACHABLE: h2: connect ETIMEDOUT']);
  });

  it('a host that answered with an unreadable state.json is named as such, not as unreachable, nor counted as a release', () => {
    const d = hostDrift([
      { host: 'h1', release: A },
      { host: 'h2', unreadable: '/srv/app/.deploy/state.json is corrupt (Unexpected end of JSON input)' },
      { host: 'h3', unreachable: 'connect ECONNREFUSED' },
    ]);
    expect(d.drifted).toBe(false);
    expect(d.unreachable).toEqual(['h3']);
    expect(d.unreadable).toEqual(['h2']);
    expect(d.releases).toEqual({ [A]: ['h1'] });
    expect(d.messages).toEqual([
      'UNREACHABLE: h3: connect ECONNREFUSED',
      'UNREADABLE: h2: /srv/app/.deploy/state.json is corrupt (Unexpected end of JSON input)',
    ]);
  });
});
