/**
 * An update that waits on a task of a down node (literals as a real 2-node swarm printed them, the
 * worker's link cut as the update started): the look script, its reading, the decision, and the
 * convergence watch failing at its first poll instead of at the timeout.
 */
import { describe, expect, it } from 'vitest';
import { SwarmUpdateFailed, waitConverged } from '../../src/strategies/swarm/converge.js';
import { parseServiceLook, serviceLookScript, stalledOn } from '../../src/strategies/swarm/stalled-update.js';
import type { ExecResult, Executor } from '../../src/transport/types.js';

const WORKER = '6qvcmqfkpild2mdvxfryujikl';
const MANAGER = 'xqn649f3f0wrvd094kfnfenet';
const REF = '127.0.0.1:5000/app/web:release-306d62560db2@sha256:51c1';
const BEFORE =
  '{"State":"completed","StartedAt":"2026-12-08T00:08:01.1Z","CompletedAt":"2026-12-08T00:08:09Z","Message":"update completed"}';
const UPDATING = '{"State":"updating","StartedAt":"2026-12-08T00:09:15.467236713Z","Message":"update in progress"}';

/** the look 13 s after the cut: the worker Down, its new task (created by this update) still assigned; an older update's task beside it */
const STALLED = [
  `${REF} Running 6 seconds ago|`,
  `GD_NODE ${WORKER} Down Active vm`,
  `GD_NODE ${MANAGER} Ready Active vm`,
  `GD_TASK ${WORKER} "2026-12-08T00:09:22.3Z" assigned`,
  `GD_TASK ${WORKER} "2026-12-08T00:07:40.25Z" shutdown`,
  '',
].join('\n');

describe('an update waiting on a task of a down node', () => {
  it('one script lists the tasks, the nodes, and the tasks of the nodes not Ready', () => {
    expect(serviceLookScript('app_web')).toBe(
      [
        "docker service ps --filter desired-state=running --no-trunc --format '{{.Image}} {{.CurrentState}}|{{.Error}}' app_web",
        "gd_nodes=$(docker node ls --format '{{.ID}} {{.Status}} {{.Availability}} {{.Hostname}}' 2>/dev/null)",
        `printf '%s\\n' "$gd_nodes" | sed 's/^/GD_NODE /'`,
        `for gd_n in $(printf '%s\\n' "$gd_nodes" | awk '$2 != "Ready" { print $1 }'); do`,
        '  gd_ids=$(docker service ps -q --no-trunc --filter "node=$gd_n" app_web 2>/dev/null)',
        `  if [ -n "$gd_ids" ]; then docker inspect --type task --format 'GD_TASK {{.NodeID}} {{json .CreatedAt}} {{.Status.State}}' $gd_ids 2>/dev/null; fi`,
        'done',
        'true',
      ].join('\n'),
    );
    expect(serviceLookScript("a'b")).toContain(`--filter "node=$gd_n" 'a'\\''b' 2>/dev/null)`);
  });

  it('reads the task lines apart from the nodes and the down nodes’ tasks', () => {
    expect(parseServiceLook(STALLED)).toEqual({
      tasks: `${REF} Running 6 seconds ago|\n`,
      down: [{ id: WORKER, status: 'Down', hostname: 'vm' }],
      onDown: [
        { node: WORKER, created: '2026-12-08T00:09:22.3Z', state: 'assigned' },
        { node: WORKER, created: '2026-12-08T00:07:40.25Z', state: 'shutdown' },
      ],
    });
    expect(parseServiceLook('')).toEqual({ tasks: '', down: [], onDown: [] });
  });

  it('stalled: this run’s update is updating and a task it created on a down node has not started', () => {
    const look = parseServiceLook(STALLED);
    expect(stalledOn(UPDATING, BEFORE, look)).toEqual([{ id: WORKER, status: 'Down', hostname: 'vm' }]);
    // the status the run found before it (an older update's): not this run's
    expect(stalledOn(UPDATING, UPDATING, look)).toEqual([]);
    // completed, paused, rolling back, none: not an update waiting
    for (const other of ['null', BEFORE, '{"State":"rollback_started","StartedAt":"2026-12-08T00:09:15Z"}'])
      expect(stalledOn(other, undefined, look)).toEqual([]);
    // an update started after the task was created (an older update's task left on the node: swarm passes the node by)
    expect(stalledOn(UPDATING.replace('00:09:15.467236713Z', '00:09:30Z'), BEFORE, look)).toEqual([]);
    // the task started (or ended), or its node is back / drained
    expect(stalledOn(UPDATING, BEFORE, parseServiceLook(STALLED.replace(' assigned', ' running')))).toEqual([]);
    expect(stalledOn(UPDATING, BEFORE, parseServiceLook(STALLED.replace(' Down Active', ' Ready Active')))).toEqual([]);
    expect(stalledOn(UPDATING, BEFORE, parseServiceLook(STALLED.replace(' Down Active', ' Down Drain')))).toEqual([]);
    // Unknown (the manager lost track of it) counts as down, as in the timeout's cause
    expect(stalledOn(UPDATING, BEFORE, parseServiceLook(STALLED.replace(' Down Active', ' Unknown Active')))).toHaveLength(1);
  });

  it('the watch fails at its first poll, naming the service, the node and how to deploy without it', async () => {
    const answers: string[] = [];
    const exec: Executor = {
      name: 'fake',
      run: async (argv): Promise<ExecResult> => {
        answers.push(argv.slice(0, 3).join(' '));
        return { code: 0, stdout: `${REF} global ${UPDATING}\n`, stderr: '' };
      },
      sh: async (script): Promise<ExecResult> => {
        answers.push(script.split(' ').slice(0, 3).join(' '));
        return { code: 0, stdout: STALLED, stderr: '' };
      },
      close: async () => undefined,
    };
    const watch = waitConverged(exec, new Map([['app_web', BEFORE]]), 600_000, { intervalMs: 60_000 });
    await expect(watch).rejects.toThrow(SwarmUpdateFailed);
    await expect(watch).rejects.toThrow(
      'swarm did not converge: app_web: updating; node 6qvcmqfkpild (vm) is down: swarm cannot update a task there until it comes back ' +
        '(to deploy without it: docker node update --availability drain 6qvcmqfkpild)',
    );
    // one poll: the status, then the tasks and nodes in one round trip
    expect(answers).toEqual(['docker service inspect', 'docker service ps']);
    // two services stalled on the same node: each named, the node once (as the timeout's message has it)
    const both = waitConverged(
      exec,
      new Map([
        ['app_api', BEFORE],
        ['app_web', BEFORE],
      ]),
      600_000,
    );
    await expect(both).rejects.toThrow(
      'swarm did not converge: app_api: updating; app_web: updating; node 6qvcmqfkpild (vm) is down: swarm cannot update a task there until it comes back ' +
        '(to deploy without it: docker node update --availability drain 6qvcmqfkpild)',
    );
  });
});
