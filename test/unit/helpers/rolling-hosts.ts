/** A case's session spread over hosts h1, h2, h3 (one SharedLogExecutor each, reading its own state), as rollOut takes them. */
import { rolloutSessions } from '../../../src/pipeline/rolling.js';
import type { DeployState } from '../../../src/record/state-model.js';
import { hostSessions, type Session } from '../../../src/session/session.js';
import type { HostConnection } from '../../../src/transport/connect.js';
import { SharedLogExecutor } from './fake-host.js';
import type { FakeRun } from './pipeline-runs.js';

export function hostsOf(c: FakeRun, states: DeployState[], rolling = { batch: 1 as number | string, pause: 0 }) {
  const all: string[] = [];
  const execs = ['h1', 'h2', 'h3'].slice(0, states.length).map((h, i) => {
    const exec = new SharedLogExecutor(h, all);
    exec.stdout['state:read'] = JSON.stringify(states[i]);
    return exec;
  });
  const conns = execs.map((exec) => ({ exec }) as unknown as HostConnection);
  const target = { ...c.s.target, hosts: ['deploy@h1', 'deploy@h2', 'deploy@h3'].slice(0, states.length), rolling };
  const s: Session = { ...c.s, target, hosts: conns, conn: conns[0]! };
  return { s, execs, all, hosts: rolloutSessions(s, hostSessions(s)) };
}
