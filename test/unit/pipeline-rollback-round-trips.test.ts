/**
 * A single-host rollback from its start (rollbackWith), on a recording executor that answers the
 * deploy lock: every round trip in order, from the state read before the lock to the unlock. The
 * state is read once before the lock (the refusal comes before anything is locked; the lock records
 * the sha going back), and again under the lock with the strategy's probe, in the lock's round trip.
 * A compose rollback's record script releases the lock as its last step (nothing runs after it).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rollbackWith } from '../../src/pipeline/rollback.js';
import type { DeployState } from '../../src/record/state-model.js';
import { composeRollback } from '../../src/rollback/compose.js';
import { passengerRollback } from '../../src/rollback/passenger.js';
import type { Strategy } from '../../src/strategies/types.js';
import type { HostConnection } from '../../src/transport/connect.js';
import { LockingExecutor } from './helpers/fake-host.js';
import { A, B, composeCase, passengerCase, release, rollbackCase, stateOf, type Case } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

/** The plan (git) is not the subject here: the case's own; which git reading it was given, and which were started ahead. */
const planned = vi.hoisted(() => ({
  value: undefined as unknown,
  calls: 0,
  reads: [] as unknown[],
  ahead: [] as { from?: string; to: string }[],
}));
vi.mock('../../src/pipeline/plan.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/pipeline/plan.js')>()),
  readPlanInputAhead: (settings: { from?: string; to: string }) => {
    planned.ahead.push({ from: settings.from, to: settings.to });
    return Promise.resolve(`read ahead ${planned.ahead.length}`);
  },
  computePlan: async (...args: unknown[]) => {
    planned.calls++;
    planned.reads.push(args[5]);
    return planned.value;
  },
}));

beforeEach(() => {
  Object.assign(planned, { calls: 0, reads: [], ahead: [] });
});

const images = (id: string) => ({ images: { web: { name: 'app_web', id } } });
const retaining = (): DeployState => stateOf(release(B, { previous: A, ...images('sha256:b-web') }), release(A, images('sha256:a-web')));

/** `c` on a LockingExecutor answering the state read with `state`, and the inspection with `current` → B and A, B kept. */
function onHost(make: typeof composeCase, state: DeployState, unframed = false): Case & { exec: LockingExecutor } {
  const c = rollbackCase(make, retaining());
  const exec = new LockingExecutor();
  exec.unframed = unframed;
  exec.stdout['state:read'] = JSON.stringify(state);
  exec.stdout['inspect-host'] = `\n--- current ---\n${B}\n--- kept releases ---\n${A}\n${B}\n@live releases/${B}\n`;
  const conn = { exec } as unknown as HostConnection;
  c.s = { ...c.s, conn, hosts: [conn] };
  planned.value = c.planned;
  return { ...c, exec };
}

async function rollBack(c: Case, strategy: Strategy) {
  const error = await rollbackWith(c.s, strategy).then(
    () => undefined,
    (e: Error) => e.message,
  );
  return { error, log: c.exec.log, phases: c.s.report.phases.map((p) => p.name) };
}

/** The compose rollback after its plan (see pipeline-rollback-compose.test.ts). */
/** (each `up` and its wait share a round trip: upThenWaitScript) */
/** (the switch in front of the retag in one round trip: restoreImages) */
const COMPOSE_LIVE = ['switch a + tag app_web', 'up web + wait web', 'up worker + wait web worker', 'exec web', 'containers', 'health'];
/** The passenger rollback after its plan (see pipeline-rollback-passenger.test.ts). */
const PASSENGER_LIVE = ['venv-check', 'dir-check', 'pip', 'switch a + restart', 'health'];

/**
 * Every round trip of a rollback, in order. Before: `state:read` before the lock, `lock`, `state:read`
 * again, then the compose rollback's `inspect-host` (with the kept releases) in a round trip of its own.
 */
const SEQUENCES = [
  {
    name: 'compose: the state and the probe (in-progress record, `current`, kept releases) in the lock round trip',
    make: composeCase,
    strategy: composeRollback,
    unframed: false,
    // the prune decided on the kept releases listed under the lock: the record's script releases the lock
    log: ['compose-detect', 'state:read', 'lock [state:read, inspect-host]', ...COMPOSE_LIVE, 'record + unlock'],
  },
  {
    name: 'compose, the lock round trip unframed: read again after it, each in its own round trip',
    make: composeCase,
    strategy: composeRollback,
    unframed: true,
    log: [
      'compose-detect',
      'state:read',
      'lock [state:read, inspect-host]',
      'state:read',
      'inspect-host',
      ...COMPOSE_LIVE,
      'record + unlock',
    ],
  },
  {
    name: 'passenger: the state in the lock round trip (no probe)',
    make: passengerCase,
    strategy: passengerRollback,
    unframed: false,
    log: ['state:read', 'lock [state:read]', ...PASSENGER_LIVE, 'record', 'unlock'],
  },
];

describe('a single-host rollback, round trip by round trip', () => {
  it.each(SEQUENCES)('$name', async ({ make, strategy, unframed, log }) => {
    const c = onHost(make, retaining(), unframed);
    const d = await rollBack(c, strategy as Strategy);
    expect(d.error).toBeUndefined();
    expect(d.log).toEqual(log);
    expect(d.phases.slice(0, 2)).toEqual(['Lock', 'Plan']);
    expect(planned.calls).toBe(1);
    expect(c.s.report.release).toBe(A);
    // the plan's git reading of b → a started after the read before the lock, and the plan used it
    expect(planned.ahead).toEqual([{ from: B, to: A }]);
    expect(await planned.reads[0]).toBe('read ahead 1');
  });

  it('the lock records the sha going back, resolved before the lock', async () => {
    const c = onHost(composeCase, retaining());
    await rollBack(c, composeRollback);
    expect(c.exec.commands.some((x) => x.stdin?.includes(`"sha":"${A}"`))).toBe(true);
  });

  it('nothing to go back to: refused before anything is locked', async () => {
    const c = onHost(composeCase, stateOf(release(B)));
    const d = await rollBack(c, composeRollback);
    expect(d.error).toMatch(/^rollback: there is no release before b{12} to go back to/);
    expect(d.log).toEqual(['compose-detect', 'state:read']);
    expect(d.phases).toEqual([]);
  });

  it('the state changed between the read before the lock and the lock: the one read under the lock decides', async () => {
    const c = onHost(composeCase, retaining());
    // another run rolled back to A meanwhile: under the lock, A is current and nothing is before it
    let reads = 0;
    const sh = c.exec.sh.bind(c.exec);
    c.exec.sh = async (script, opts) => {
      if (/then cat '?[^']*state\.json/.test(script) && reads++ === 1) c.exec.stdout['state:read'] = JSON.stringify(stateOf(release(A)));
      return sh(script, opts);
    };
    const d = await rollBack(c, composeRollback);
    expect(d.error).toMatch(/^rollback: there is no release before a{12} to go back to/);
    expect(d.log).toEqual(['compose-detect', 'state:read', 'lock [state:read, inspect-host]', 'unlock']);
  });

  it('another release went live before the lock: the plan reads git again, for the releases read under the lock', async () => {
    const C = 'c'.repeat(40);
    const c = onHost(composeCase, retaining());
    const sh = c.exec.sh.bind(c.exec);
    c.exec.sh = async (script, opts) => {
      if (/^mkdir -p /.test(script))
        c.exec.stdout['state:read'] = JSON.stringify(stateOf(release(C, { previous: B }), ...retaining().releases));
      return sh(script, opts);
    };
    await rollBack(c, composeRollback);
    expect(planned.ahead).toEqual([{ from: B, to: A }]);
    expect(planned.reads).toEqual([undefined]);
  });
});
