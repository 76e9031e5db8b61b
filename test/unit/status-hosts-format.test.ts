/** The table `status` prints for several hosts: one row per host, the unreachable one says so, drift first. */
import { describe, expect, it } from 'vitest';
import { formatHostsStatus, type HostsStatus } from '../../src/commands/status-hosts.js';
import type { TargetStatus } from '../../src/commands/status.js';
import { hostDrift } from '../../src/record/host-drift.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

const on = (host: string, id: string): TargetStatus => ({
  target: 'prod',
  host,
  path: '/srv/app',
  current: id,
  compose: { command: 'docker compose', version: '2.26.1' },
  releases: [{ id, sha: id, at: '2026-01-02T00:00:00.000Z', result: 'success', actor: 'alice' }],
  lock: null,
  backups: [],
  backupCount: 0,
});

describe('formatHostsStatus', () => {
  it('one row per host, an unreachable host as a row, the drift and the unreachable host said above the table', () => {
    const hosts = [
      { host: 'deploy@h1', status: on('deploy@h1', B) },
      { host: 'deploy@h2', status: on('deploy@h2', A) },
      { host: 'deploy@h3', unreachable: 'connect ETIMEDOUT 10.0.0.3:22' },
    ];
    const drift = hostDrift(hosts.map((h) => ({ host: h.host, release: h.status?.current, unreachable: h.unreachable })));
    const st: HostsStatus = { target: 'prod', path: '/srv/app', hosts, drift };
    const lines = formatHostsStatus(st);
    expect(lines[0]).toBe('Target prod (3 hosts, /srv/app)');
    expect(lines[1]).toBe(
      'DRIFT: the hosts run different releases: bbbbbbbbbbbb on deploy@h1; aaaaaaaaaaaa on deploy@h2. A deploy (or a rollback) converges them.',
    );
    expect(lines[2]).toBe('UNREACHABLE: deploy@h3: connect ETIMEDOUT 10.0.0.3:22');
    expect(lines.filter((l) => l.startsWith('| deploy@'))).toEqual([
      '| deploy@h1 | bbbbbbbbbbbb | 2026-01-02T00:00:00.000Z | docker compose 2.26.1 | free | - |',
      '| deploy@h2 | aaaaaaaaaaaa | 2026-01-02T00:00:00.000Z | docker compose 2.26.1 | free | - |',
      '| deploy@h3 | UNREACHABLE | - | - | - | connect ETIMEDOUT 10.0.0.3:22 |',
    ]);
  });

  it('a host whose state.json is unreadable: its row says UNREADABLE and why, not UNREACHABLE', () => {
    const hosts = [
      { host: 'deploy@h1', status: on('deploy@h1', A) },
      { host: 'deploy@h2', unreadable: '/srv/app/.deploy/state.json is corrupt (Unexpected end of JSON input)' },
    ];
    const drift = hostDrift(hosts.map((h) => ({ host: h.host, release: h.status?.current, unreadable: h.unreadable })));
    const lines = formatHostsStatus({ target: 'prod', path: '/srv/app', hosts, drift });
    expect(lines[1]).toBe('UNREADABLE: deploy@h2: /srv/app/.deploy/state.json is corrupt (Unexpected end of JSON input)');
    expect(lines.filter((l) => l.startsWith('| deploy@h2'))).toEqual([
      '| deploy@h2 | UNREADABLE | - | - | - | /srv/app/.deploy/state.json is corrupt (Unexpected end of JSON input) |',
    ]);
  });
});
