/**
 * Several hosts in the data model: a target resolves to a list of hosts (one today), the session
 * holds one connection per host, and the runner plans once and runs the host-level phases on each
 * host in turn, each from its own state.
 */
import { describe, expect, it, vi } from 'vitest';
import { hostsOf } from '../../src/config/hosts.js';
import { runOnHosts } from '../../src/pipeline/run.js';
import { currentRelease } from '../../src/record/state-model.js';
import { hostSessions } from '../../src/session/session.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import type { HostConnection } from '../../src/transport/connect.js';
import { RecordingExecutor, writtenTo } from './helpers/fake-host.js';
import { A, B, composeCase, release, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

describe('hosts of a target', () => {
  it('a target with `host:` resolves to a list of one host', () => {
    expect(hostsOf({ host: 'deploy@h', port: 2222 })).toEqual([{ host: 'deploy@h', port: 2222 }]);
  });

  it('hostSessions: the session itself for its own host, a copy bound to each other host', () => {
    const c = composeCase(stateOf(release(A)));
    expect(hostSessions(c.s)).toEqual([c.s]);
    expect(hostSessions(c.s)[0]).toBe(c.s);
    const other = { exec: new RecordingExecutor() } as unknown as HostConnection;
    const two = hostSessions({ ...c.s, hosts: [c.s.conn, other] });
    expect(two.map((h) => h.conn)).toEqual([c.s.conn, other]);
  });
});

describe('runOnHosts: one plan, the host-level phases on each host', () => {
  const images = { web: { name: 'app_web', id: 'sha256:old-web' } };

  it('deploys b on both hosts: the second reads its own state; each host gets the full sequence and its own record', async () => {
    const state = stateOf(release(A, { images }));
    const c = composeCase(state);
    const second = new RecordingExecutor();
    second.stdout['state:read'] = JSON.stringify(state);
    const conn2 = { exec: second } as unknown as HostConnection;
    const hosts = hostSessions({ ...c.s, hosts: [c.s.conn, conn2] });
    const deployed = (st: typeof state) => ({ previous: currentRelease(st) });
    await runOnHosts(hosts, composeStrategy, c.planned, deployed, state);
    const onHost = [
      'compose-detect',
      'inspect-host',
      'in-progress:write + upload b',
      'build web',
      'switch b + up web worker',
      // each host reads and tags its own images, side by side with its wait
      'images+tag',
      'wait web worker',
      'exec web',
      'containers',
    ];
    expect(c.exec.log.slice(0, onHost.length)).toEqual(onHost);
    expect(c.exec.log).not.toContain('state:read');
    expect(second.log.slice(0, onHost.length + 1)).toEqual(['state:read', ...onHost]);
    for (const exec of [c.exec, second]) {
      const saved = writtenTo(exec.commands, 'state.json.tmp');
      expect(saved).toEqual([expect.objectContaining({ current: B })]);
    }
    expect(c.s.report.phases.filter((p) => p.name === 'Record')).toHaveLength(2);
  });

  it('a failure on the first host stops the run before the second host changes', async () => {
    const state = stateOf(release(A, { images }));
    const c = composeCase(state);
    c.exec.failAt = 'health';
    const second = new RecordingExecutor();
    const hosts = hostSessions({ ...c.s, hosts: [c.s.conn, { exec: second } as unknown as HostConnection] });
    await expect(runOnHosts(hosts, composeStrategy, c.planned, (st) => ({ previous: currentRelease(st) }), state)).rejects.toThrow(
      'health URL check failed',
    );
    expect(second.log).toEqual([]);
  });
});
