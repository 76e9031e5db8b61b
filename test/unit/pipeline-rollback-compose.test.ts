/**
 * A compose rollback through the pipeline runner, on a recording executor: B is live, A is retained
 * (its release directory and images); the exact sequence of remote commands for success, for a
 * failure injected at each phase (what the undo puts back), and the retained-source paths (a pruned
 * directory uploaded again, a gone image rebuilt).
 */
import { describe, expect, it, vi } from 'vitest';
import { composeRollback } from '../../src/rollback/compose.js';
import { A, B, composeCase, release, rollbackCase, runCase, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const state = () =>
  stateOf(
    release(B, { previous: A, images: { web: { name: 'app_web', id: 'sha256:b-web' } } }),
    release(A, { images: { web: { name: 'app_web', id: 'sha256:a-web' } } }),
  );

/**
 * What the rollback's probe read under the lock, beside the state (as the pipeline gives it):
 * compose v2.26.1, no in-progress record, `current` → B, the release directories kept (A's too).
 */
const probed = (version = '2.26.1', kept = [A, B]) => ({
  detect: `docker compose\t${version}\n`,
  inspect: `\n--- current ---\n${B}\n`,
  releases: `${kept.join('\n')}\n@live releases/${B}\n`,
});

async function rollback(
  setup: (exec: ReturnType<typeof composeCase>['exec']) => void = () => undefined,
  opts: { probe?: ReturnType<typeof probed>; plan?: Parameters<typeof rollbackCase>[2] } = { probe: probed() },
) {
  const c = rollbackCase(composeCase, state(), opts.plan);
  if (opts.probe) c.base.probed = opts.probe;
  setup(c.exec);
  return runCase(composeRollback, c);
}

/**
 * The retained release back, as a rollback sends it once the probe (compose, in-progress record,
 * `current`, kept release directories) came with the state read: its directory is there (no check
 * of its own); `current` switched and its image name
 * retagged in one round trip (the switch in front); up (web `--force-recreate`), each up and its wait in one round trip, the last
 * up's wait over both services (health.stable_for's one window)
 * as in a deploy's Apply); the task; then, the task having run inside the services, the containers polled
 * once more, and the URL.
 */
const LIVE = ['switch a + tag app_web', 'up web + wait web', 'up worker + wait web worker', 'exec web', 'containers', 'health'];
/** the deploy's undo: back on b (`current` and b's image in one round trip, both services) */
const UNDO = ['switch b + tag app_web', 'up web worker'];
/** the undo before any container was touched: `current` and b's image name back (one round trip), nothing recreated */
const BACK = ['switch b + tag app_web'];
/** what a failed start or health check collects before the undo */
const LOGS = ['logs web', 'logs worker'];

/** Each command sequence of a rollback, by case (the log of the recording executor). */
const SEQUENCES = [
  { name: 'probed (the pipeline): no compose detection, no in-progress read of its own', opts: undefined, log: [...LIVE, 'record'] },
  {
    name: 'no task: what the wait after `up` proved is not polled again, only the URL is checked',
    opts: { probe: probed(), plan: { tasks: [] } },
    log: ['switch a + tag app_web', 'up web + wait web', 'up worker + wait web worker', 'health', 'record'],
  },
  {
    name: 'a compose without `up --wait` (2.0): one wait after the last up (health.stable_for), not polled again by the verify',
    opts: { probe: probed('2.0.0'), plan: { tasks: [] } },
    log: ['switch a + tag app_web', 'up web', 'up worker', 'wait web worker', 'health', 'record'],
  },
  {
    name: 'unprobed (a host of a rolling rollback): compose detected and the host inspected first',
    opts: {},
    log: ['compose-detect', 'inspect-host', 'dir-check', ...LIVE, 'record'],
  },
];

describe('compose rollback through the pipeline', () => {
  it.each(SEQUENCES)('sequence, $name', async ({ opts, log }) => {
    const d = await rollback(undefined, opts);
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual(log);
    expect(d.phases).toEqual(['Images', 'Apply', 'Verify', 'Record']);
  });

  it('the retained image is started as a deploy starts it: `--force-recreate`, the others not; each up waited for', async () => {
    const d = await rollback();
    const ups = d.exec.commands.filter((c) => / up -d /.test(c.cmd)).map((c) => c.cmd.replace(/^.* up -d /, 'up -d '));
    expect(ups).toEqual(['up -d --no-deps --no-build --force-recreate web', 'up -d --no-deps --no-build worker']);
    expect(d.exec.log.filter((k) => /^(up|wait) /.test(k))).toEqual(['up web + wait web', 'up worker + wait web worker']);
  });

  it('no task to run: the switch alone, the kept release left as it is', async () => {
    const d = await rollback(undefined, { probe: probed(), plan: { tasks: [] } });
    expect(d.error).toBeUndefined();
    expect(d.exec.commands.find((c) => /ln -sfn '?releases\/a/.test(c.cmd))!.cmd).not.toContain('-links +1');
  });

  it('success: retained directory and images (no upload, no build), switch, up, tasks, health; state, audit, pruning', async () => {
    const d = await rollback();
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual([...LIVE, 'record']);
    // the reverse plan's tasks run in the kept release: its files get inodes of their own in the switch's round trip
    const sw = d.exec.commands.find((c) => /ln -sfn '?releases\/a/.test(c.cmd))!.cmd;
    expect(sw).toContain('find . -type f -links +1 -print0 | rsync -a -I');
    expect(sw.indexOf('mv -Tf')).toBeLessThan(sw.indexOf('find . -type f -links +1'));
    // a rollback tags nothing: the retained release keeps its own tags
    expect(d.exec.commands.find((c) => c.cmd.startsWith('IFS= read -r audit '))!.cmd).not.toContain('docker tag');
    expect(d.phases).toEqual(['Images', 'Apply', 'Verify', 'Record']);
    expect(d.run.progress.list()).toEqual(['upload', 'switch', 'build', 'apply', 'tasks', 'verify']);
    expect(d.exec.commands.find((x) => x.cmd.startsWith('docker tag'))?.cmd).toBe('docker tag sha256:a-web app_web');
    expect(d.saved).toHaveLength(1);
    expect(d.saved[0]).toMatchObject({ current: A, currentSince: { via: 'rollback' } });
    expect(d.saved[0].releases.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual([
      [B, 'rolled-back'],
      [A, 'success'],
    ]);
    expect(d.audit).toEqual([
      expect.objectContaining({
        command: 'rollback',
        from: B,
        to: A,
        result: 'success',
        rebuilt: [],
        services: expect.objectContaining({ images: ['web'] }),
      }),
    ]);
    expect(d.s.report).toMatchObject({ release: A, previousRelease: B });
    expect(d.s.report.notes).toEqual([
      `rolled back prod from ${'b'.repeat(12)} to ${'a'.repeat(12)}: web back on the images of ${'a'.repeat(12)} (no rebuild)`,
    ]);
  });

  it.each([
    { name: 'not in the probed listing', opts: { probe: probed(undefined, [B]) }, checks: [] },
    { name: 'unprobed, `test -d` fails', opts: {}, checks: ['compose-detect', 'inspect-host', 'dir-check'] },
  ])(
    'a pruned release directory ($name) is uploaded again; an image gone from the host is rebuilt from its files',
    async ({ opts, checks }) => {
      const d = await rollback((x) => {
        x.absent.add('dir-check');
        x.failAt = 'tag app_web';
      }, opts);
      expect(d.error).toBeUndefined();
      expect(d.exec.log.slice(0, checks.length + 3)).toEqual([...checks, 'upload a', 'switch a + tag app_web', 'build web']);
      expect(d.phases).toEqual(['Upload', 'Images', 'Build', 'Apply', 'Verify', 'Record']);
      expect(d.audit[0]).toMatchObject({ result: 'success', rebuilt: ['web'] });
    },
  );

  it.each([
    // the switch in front of the retag, in one round trip: a failed switch stops it (no retag), the undo
    // puts both back (no container was touched: they are not recreated)
    { at: 'switch a', done: ['switch a'], phases: ['Images', 'Undo'], undo: BACK },
    { at: 'tag app_web', done: LIVE.slice(0, 1), phases: ['Images', 'Build', 'Undo'], undo: BACK },
    // a failed start (`up`, or its wait: not healthy in time) collects the logs of the services first, before the undo
    { at: 'up web', done: [...LIVE.slice(0, 1), 'up web', ...LOGS], phases: ['Images', 'Apply', 'Undo'] },
    { at: 'wait web', done: [...LIVE.slice(0, 2), ...LOGS], phases: ['Images', 'Apply', 'Undo'] },
    { at: 'exec web', done: LIVE.slice(0, 4), phases: ['Images', 'Apply', 'Undo'] },
    { at: 'containers', done: [...LIVE.slice(0, 5), ...LOGS], phases: ['Images', 'Apply', 'Verify', 'Undo'] },
    { at: 'health', done: [...LIVE, ...LOGS], phases: ['Images', 'Apply', 'Verify', 'Undo'] },
  ])('failure at $at: back on b, nothing recorded in state.json, a failed audit line', async ({ at, done, phases, undo = UNDO }) => {
    const d = await rollback((x) => {
      x.failAt = at;
      // a retag that fails is an image gone from the host: its rebuild fails too
      if (at === 'tag app_web') x.absent.add('build web');
    });
    expect(d.error).toBeDefined();
    expect(d.exec.log).toEqual([...done, ...(at === 'tag app_web' ? ['build web'] : []), ...undo, 'audit']);
    expect(d.phases).toEqual(phases);
    expect(d.s.report.result).toBe('failure');
    const b = 'b'.repeat(12);
    expect(d.s.report.notes).toEqual([
      undo === BACK
        ? `rollback failed: nothing went live: the services still run ${b}; current → releases/${b}; image names of web point at ${b}'s images again`
        : `rollback failed: reverted to ${b}: web, worker back on previous images`,
    ]);
    expect(d.saved).toEqual([]);
    expect(d.audit).toEqual([expect.objectContaining({ from: B, to: A, result: 'failed', error: d.error })]);
    expect(d.audit[0].rebuilt).toBeUndefined();
  });

  it('failure of the upload of a pruned directory: nothing went live, b keeps running', async () => {
    const d = await rollback((x) => (x.failAt = 'upload a'), { probe: probed(undefined, [B]) });
    expect(d.exec.log).toEqual(['upload a', 'audit']);
    expect(d.s.report.notes).toEqual([`rollback failed: nothing went live: the services still run ${'b'.repeat(12)}`]);
  });

  it('an undo that fails says so: could not go back', async () => {
    const d = await rollback((x) => {
      x.failAt = 'health';
      x.absent.add('tag app_web');
    });
    expect(d.s.report.notes).toEqual([
      `rollback failed: could not go back to ${'b'.repeat(12)}: cannot revert web: their previous images are gone`,
    ]);
    expect(d.phases.at(-1)).toBe('Undo');
  });
});
