/**
 * The compose strategy through the pipeline runner, on a recording executor: the exact sequence of
 * remote commands (by kind) of a deploy of b over a, for success and for a failure injected at each
 * phase, and what the failure undoes.
 */
import { describe, expect, it, vi } from 'vitest';
import { runPipeline } from '../../src/pipeline/run.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import { A, B, composeCase, release, runCase, stateOf } from './helpers/pipeline-runs.js';
import type { ComposeModel } from '../../src/compose/types.js';
import type { ComposeTarget } from '../../src/config/schema.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const images = { web: { name: 'app_web', id: 'sha256:old-web' } };

async function deploy(failAt?: string) {
  const c = composeCase(stateOf(release(A, { images })));
  c.exec.failAt = failAt;
  return runCase(composeStrategy, c);
}

const BEFORE = ['compose-detect', 'inspect-host'];
/** the in-progress record is written first in the upload's own round trip */
const UPLOAD = 'in-progress:write + upload b';
/**
 * `current` switched in the first `up`'s round trip; the release's images read and tagged after the
 * last `up`, side by side with its wait (early-tags.ts)
 */
const LIVE = [UPLOAD, 'build web', 'switch b + up web worker', 'images+tag', 'wait web worker', 'exec web', 'containers', 'health'];
/** the failed release is recorded and pruned, the audit line written, the in-progress record cleared */
const FAILED_END = ['state:write', 'prune', 'audit', 'in-progress:clear'];
/** a failure after the early round trip: the tag it made for b is removed before the audit line */
const UNTAGGED_END = ['state:write', 'prune', 'untag app-web:release-bbbbbbbbbbbb', 'audit', 'in-progress:clear'];
/** back on a: `current` and web's image name (one round trip), both services */
const REVERT = ['switch a + tag app_web', 'up web worker'];

describe('compose deploy through the pipeline', () => {
  it('success: upload, build, switch, up, tasks, health, then images, state, tags, audit, pruning', async () => {
    const d = await deploy();
    expect(d.error).toBeUndefined();
    // the release's images come from the containers the health check read; the in-progress record
    // goes in the record's round trip
    expect(d.exec.log).toEqual([...BEFORE, ...LIVE, 'record']);
    expect(d.phases).toEqual(['Upload', 'Build', 'Apply', 'Tasks', 'Verify', 'Record']);
    // one round trip records the state, tags the release image, appends the audit line, removes the
    // in-progress record and lists the releases to prune
    const record = d.exec.commands.find((c) => c.cmd.startsWith('IFS= read -r audit '))!.cmd;
    // the release image was tagged right after the last `up` (early-tags.ts): the record does not tag
    expect(record).not.toContain('docker tag');
    const early = d.exec.commands.find((c) => c.cmd.startsWith('gd_c=$('))!.cmd;
    expect(early).toContain('gd_tag web app-web:release-bbbbbbbbbbbb ) >/dev/null || echo @tag-failed');
    expect(record).toContain(
      '{ rm -f /srv/app/.deploy/in-progress.json; } || exit 13\nif [ -d /srv/app/releases ]; then ls -1 /srv/app/releases',
    );
    // the in-progress record is written first in the upload's round trip, its failure stopping it there
    const upload = d.exec.commands.find((c) => c.cmd.includes('in-progress.json.tmp'))!.cmd;
    expect(upload).toMatch(/^\( umask 077; mkdir -p "\$\(dirname \/srv\/app\/\.deploy\/in-progress\.json\)" && \{ printf /);
    expect(upload.split('\n').slice(1)).toEqual([`#upload b`]);
    expect(upload.split('\n')[0]).toMatch(/ \) \|\| exit 9$/);
    expect(d.audit).toEqual([expect.objectContaining({ result: 'success', to: B })]);
    // the switch is sent with the Apply's first command: marked once the Apply started
    expect(d.run.progress.list()).toEqual(['upload', 'build', 'apply', 'switch', 'tasks', 'verify']);
    expect(d.saved[0].current).toBe(B);
    expect(d.saved[0].releases[0]).toMatchObject({ id: B, result: 'success', previous: A, images: { web: { id: 'sha256:new-web' } } });
    // the probed compose is recorded; on v2 2.26 (which has `up --wait`) the Apply waits after `up`
    // (health timeout 0 → 1 s, and the second it may start in)
    expect(d.saved[0].releases[0].compose).toEqual({ command: 'docker compose', version: '2.26.1' });
    expect(d.exec.commands.find((c) => c.cmd.includes(' up -d '))?.cmd).toMatch(/ up -d --no-deps --no-build web worker$/);
    expect(d.exec.commands.find((c) => c.cmd.startsWith('# wait-started: '))?.cmd).toContain('deadline=$(( $(date +%s) + 2 ))');
  });

  it.each([
    [
      true,
      [
        '# wait-started: web worker (probing web)',
        'web) [ "$3" = \'["CMD-SHELL","curl -f \\"$(hostname)\\""]\' ] && gd_probe "$2" 2 /bin/sh -c \'curl -f "$(hostname)"\' ;;',
      ],
    ],
    [false, ['# wait-started: web worker\n']],
  ])('health.probe %s: the wait runs the compose healthcheck of web while Docker says starting (or not)', async (probe, parts) => {
    const c = composeCase(stateOf(release(A, { images })));
    const model = (c.planned.input as { composeTo: ComposeModel }).composeTo;
    model.services.web!.definition = { ...model.services.web!.definition, healthcheck: { test: 'curl -f "$(hostname)"', timeout: '2s' } };
    (c.s.target as ComposeTarget).health.probe = probe;
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    const wait = d.exec.commands.find((cmd) => cmd.cmd.startsWith('# wait-started: '))!.cmd;
    for (const part of parts) expect(wait).toContain(part);
    expect(wait.includes('docker exec')).toBe(probe);
  });

  it('no task: what the wait after `up` proved is not polled again in Verify; the release images are read at the record', async () => {
    const c = composeCase(stateOf(release(A, { images })), { tasks: [] });
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual([
      ...BEFORE,
      UPLOAD,
      'build web',
      'switch b + up web worker',
      'images+tag',
      'wait web worker',
      'health',
      'record',
    ]);
    expect(d.saved[0].releases[0]).toMatchObject({ id: B, images: { web: { name: 'app-web', id: 'sha256:new-web' } } });
  });

  it('an image named otherwise than predicted is tagged in the record; a failed early tag only warns', async () => {
    const c = composeCase(stateOf(release(A, { images })), { tasks: [] });
    // the early round trip read app_web (not app-web, the tag it made): the record tags that name
    c.exec.stdout['images+tag'] = 'ps c1 web\ninspect c1 app_web sha256:new-web 0 - {"Status":"running"}\n@tag-failed\n';
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    expect(d.exec.log.slice(-2)).toEqual(['health', 'record']);
    const record = d.exec.commands.find((cmd) => cmd.cmd.startsWith('IFS= read -r audit '))!.cmd;
    expect(record).toContain('( docker tag sha256:new-web app_web:release-bbbbbbbbbbbb ) >/dev/null || echo @keep-failed');
    expect(d.warnings).toEqual([
      expect.stringContaining('could not tag the release images (rollbacks to it will rebuild): docker tag failed'),
    ]);
  });

  it.each([
    { what: 'a recorded commit (the live one)', state: () => stateOf(release(B, { images })), untag: [] },
    {
      what: 'a new commit',
      state: () => stateOf(release(A, { images })),
      untag: ['untag app-web:release-bbbbbbbbbbbb'],
    },
  ])('a failed run of $what after the early tags: its tags go only when no release records the commit', async ({ state, untag }) => {
    const c = composeCase(state(), { tasks: [] });
    c.exec.failAt = 'health';
    const d = await runCase(composeStrategy, c);
    expect(d.error).toContain('health URL check failed');
    expect(d.exec.log).toContain('images+tag');
    expect(d.exec.log.filter((k) => k.startsWith('untag'))).toEqual(untag);
  });

  it.each([
    { at: UPLOAD, done: [UPLOAD], undo: [], result: 'failure', note: 'nothing went live: the services still run aaaaaaaaaaaa' },
    {
      at: 'build web',
      done: [UPLOAD, 'build web'],
      undo: ['tag app_web'],
      result: 'failure',
      note: "nothing went live: the services still run aaaaaaaaaaaa; image names of web point at aaaaaaaaaaaa's images again",
    },
    {
      // no container was touched yet: `current` and the image name go back, the services are not recreated
      // (the switch fails in the Apply's first round trip: the logs of the services it was to start are read)
      at: 'switch b',
      done: [...LIVE.slice(0, 2), 'switch b'],
      logs: ['logs web', 'logs worker'],
      undo: ['switch a + tag app_web'],
      result: 'failure',
      note: "nothing went live: the services still run aaaaaaaaaaaa; current → releases/aaaaaaaaaaaa; image names of web point at aaaaaaaaaaaa's images again",
    },
    {
      at: 'up web worker',
      done: LIVE.slice(0, 3),
      logs: ['logs web', 'logs worker'],
      undo: REVERT,
      result: 'rolled-back',
      note: 'reverted to aaaaaaaaaaaa: web, worker back on previous images',
    },
    {
      at: 'wait web worker',
      done: LIVE.slice(0, 5),
      end: UNTAGGED_END,
      logs: ['logs web', 'logs worker'],
      undo: REVERT,
      result: 'rolled-back',
      note: 'reverted to aaaaaaaaaaaa: web, worker back on previous images',
    },
    {
      at: 'exec web',
      done: LIVE.slice(0, 6),
      end: UNTAGGED_END,
      undo: REVERT,
      result: 'rolled-back',
      note: 'reverted to aaaaaaaaaaaa: web, worker back on previous images',
    },
    {
      at: 'health',
      done: LIVE,
      end: UNTAGGED_END,
      logs: ['logs web', 'logs worker'],
      undo: REVERT,
      result: 'rolled-back',
      note: 'reverted to aaaaaaaaaaaa: web, worker back on previous images',
    },
  ])(
    'failure at $at: undoes what ran, records b failed, a stays current',
    async ({ at, done, logs = [], undo, end = FAILED_END, result, note }) => {
      const d = await deploy(at);
      const why: Record<string, string> = {
        'exec web': 'task migrate failed',
        health: 'health URL check failed',
        'wait web worker': 'injected failure at wait web worker',
      };
      expect(d.error).toContain(why[at] ?? 'exit 1');
      expect(d.exec.log).toEqual([...BEFORE, ...done, ...logs, ...undo, ...end]);
      // the logs of a failed start or health check are collected before the undo, for the job summary
      expect((d.s.report.diagnostics ?? []).map((x) => x.title)).toEqual(logs.map((l) => `compose logs --tail 100 ${l.slice(5)}`));
      expect(d.phases.at(-1)).toBe('Rollback');
      expect(d.s.report.result).toBe(result);
      expect(d.s.report.notes).toEqual([note]);
      expect(d.saved).toHaveLength(1);
      expect(d.saved[0].current).toBe(A);
      expect(d.saved[0].releases[0]).toMatchObject({ id: B, result: 'failed' });
    },
  );

  it('probed before the plan (with the state read): prepare and the repair check send nothing of their own', async () => {
    const c = composeCase(stateOf(release(A, { images })));
    c.base.probed = { detect: 'docker compose\t2.26.1\n', inspect: `\n--- current ---\n${A}\n` };
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    expect(d.exec.log).toEqual([...LIVE, 'record']);
    expect(d.saved[0].releases[0].compose).toEqual({ command: 'docker compose', version: '2.26.1' });
  });

  it.each([
    { fail: false, released: true },
    { fail: true, released: false },
  ])(
    'releases listed under the lock: the prune runs inside the record, the lock release last (record failed: $fail)',
    async ({ fail, released }) => {
      const C = 'c'.repeat(40);
      const D = 'd'.repeat(40);
      const c = composeCase(
        stateOf(release(A, { images }), release(C, { result: 'failed', images: { web: { name: 'app_web', id: 'sha256:c' } } })),
      );
      // a, c and an unknown d listed (b, this run's, is not there yet); current still points at a
      const listing = `${A}\n${C}\n${D}\n@live releases/${A}\n`;
      c.base.probed = { detect: 'docker compose\t2.26.1\n', inspect: `\n--- current ---\n${A}\n`, releases: listing };
      c.s.unlock = { script: 'release-the-lock', released: false };
      // the prune prints what docker untagged (its sed keeps the names)
      c.exec.stdout.record = 'app_web:release-cccccccccccc\n@unlocked\n';
      if (fail) c.exec.failAt = 'record';
      const d = await runCase(composeStrategy, c);
      // no round trip after the record: the prune was decided before and went in it
      expect(d.exec.log).toEqual([...LIVE, 'record']);
      const record = d.exec.commands.find((cmd) => cmd.cmd.startsWith('IFS= read -r audit '))!.cmd;
      expect(record).not.toContain('ls -1');
      // d, which the state does not record, is never deleted (a lost state.json, a copy made by hand)
      expect(record).toContain(`rm -rf /srv/app/releases/${C} /srv/app/.deploy/manifests/${C} &`);
      expect(record).not.toContain(`releases/${D}`);
      expect(record).toContain('docker image rm app_web:release-cccccccccccc 2>/dev/null');
      expect(record).not.toContain(`releases/${A}`);
      expect(record).not.toContain(`releases/${B}`);
      expect(record.split('\n').slice(-2)).toEqual(['{ release-the-lock; } >/dev/null 2>&1 && echo @unlocked', 'exit 0']);
      expect(c.s.unlock.released).toBe(released);
      if (fail) {
        expect(d.error).toContain('could not record the release');
        return;
      }
      expect(d.error).toBeUndefined();
      expect(d.s.report.notes).toContainEqual(
        'pruned releases (keep_releases: 5): cccccccccccc; image tags removed: app_web:release-cccccccccccc',
      );
      expect(d.s.report.warnings.join('\n')).toContain(`that state.json does not record, never pruned: /srv/app/releases/${D}`);
    },
  );

  it('a probed in-progress record is repaired as one read then would be', async () => {
    const c = composeCase(stateOf(release(A, { images })));
    const left = {
      runId: 'run-0',
      release: B,
      previous: A,
      at: '2026-01-01T00:00:00Z',
      build: ['web'],
      recreate: [],
      restart: [],
      remove: [],
      previousServices: ['web', 'worker'],
    };
    c.base.probed = { detect: 'docker compose\t2.26.1\n', inspect: `${JSON.stringify(left)}\n--- current ---\n${B}\n` };
    const d = await runCase(composeStrategy, c);
    expect(d.phases[0]).toBe('Repair');
    expect(d.exec.log[0]).toBe('switch a + tag app_web');
    expect(d.exec.log).not.toContain('inspect-host');
  });

  it('the undo switches back and retags in one round trip: a failed switch there stops it before the retag and the undo says so', async () => {
    const c = composeCase(stateOf(release(A, { images })));
    c.exec.failAt = 'health';
    c.exec.absent.add('switch a');
    const d = await runCase(composeStrategy, c);
    // no `tag app_web`, no `up`; the in-progress record is left for the next run's repair
    expect(d.exec.log).toEqual([...BEFORE, ...LIVE, 'logs web', 'logs worker', 'switch a', ...UNTAGGED_END.slice(0, -1)]);
    expect(d.s.report.result).toBe('failure');
    expect(d.s.report.notes).toEqual([expect.stringMatching(/^automatic rollback failed: .*injected failure at switch a/s)]);
  });

  it('a failed revert leaves the in-progress record for the next run to repair', async () => {
    const c = composeCase(stateOf(release(A, { images })));
    c.exec.failAt = 'health';
    const run = await composeStrategy.prepare(c.base, c.planned);
    const origSh = c.exec.sh.bind(c.exec);
    c.exec.sh = async (script, opts) => {
      if (c.exec.log.includes('health') && script.includes('ln -sfn')) throw new Error('link cut');
      return origSh(script, opts);
    };
    await expect(runPipeline(composeStrategy, run)).rejects.toThrow('health URL check failed');
    expect(c.s.report.notes).toEqual(['automatic rollback failed: link cut']);
    expect(c.s.report.result).toBe('failure');
    expect(c.exec.log).not.toContain('in-progress:clear');
  });

  it('a first deploy that fails has nothing to roll back to: no Rollback phase', async () => {
    const c = composeCase(stateOf(), { from: null });
    c.exec.failAt = 'up web worker';
    const run = await composeStrategy.prepare(c.base, c.planned);
    await expect(runPipeline(composeStrategy, run)).rejects.toThrow('exit 1');
    expect(c.s.report.phases.map((p) => p.name)).toEqual(['Upload', 'Build', 'Apply']);
    expect(c.s.report.notes).toEqual(['first deploy failed: there is no previous release to roll back to']);
    expect(c.exec.log.slice(-4)).toEqual(FAILED_END);
  });
});
