/**
 * Issue #9, no lost Celery work: `compose.services.<s>.stop_grace` overrides the compose file's
 * stop_grace_period, shows in the plan, and reaches `up`/`restart` as `--timeout` (v1 and v2).
 */
import { describe, expect, it, vi } from 'vitest';
import { groupByGrace, restartArgs, upArgs, type ComposeInvocation } from '../../src/apply/compose-command.js';
import { parseConfig } from '../../src/config/load.js';
import { formatPlanTable } from '../../src/plan/format.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { describeDryRun } from '../../src/strategies/compose/dry-run.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import { A, composeCase, release, runCase, stateOf } from './helpers/pipeline-runs.js';
import { planOf } from './helpers/plans.js';
import { COMPOSE_YML, CONFIG, composeModel, planFor } from './plan-fixture.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const v1: ComposeInvocation = { command: ['docker-compose'], project: 'p', files: ['/a/c.yml'], projectDir: '/a' };
const v2: ComposeInvocation = { ...v1, command: ['docker', 'compose'] };
const BASE = ['-p', 'p', '--project-directory', '/a', '-f', '/a/c.yml'];

describe('argv: --timeout on up and restart', () => {
  it.each<[string, () => string[], string[]]>([
    [
      'v2 up',
      () => upArgs(v2, ['celery_worker'], { timeoutSeconds: 60 }),
      ['docker', 'compose', ...BASE, 'up', '-d', '--no-deps', '--no-build', '--timeout', '60', 'celery_worker'],
    ],
    [
      'v1 up',
      () => upArgs(v1, ['w'], { timeoutSeconds: 5 }),
      ['docker-compose', ...BASE, 'up', '-d', '--no-deps', '--no-build', '--timeout', '5', 'w'],
    ],
    [
      'up with --force-recreate',
      () => upArgs(v2, ['w'], { forceRecreate: true, timeoutSeconds: 90 }),
      ['docker', 'compose', ...BASE, 'up', '-d', '--no-deps', '--no-build', '--force-recreate', '--timeout', '90', 'w'],
    ],
    [
      'up without a grace: no --timeout',
      () => upArgs(v2, ['w']),
      ['docker', 'compose', ...BASE, 'up', '-d', '--no-deps', '--no-build', 'w'],
    ],
    ['v1 restart', () => restartArgs(v1, ['w'], 30), ['docker-compose', ...BASE, 'restart', '--timeout', '30', 'w']],
    ['v2 restart without a grace', () => restartArgs(v2, ['nginx']), ['docker', 'compose', ...BASE, 'restart', 'nginx']],
    // compose v1 and v2 refuse `--timeout 1.5` (a whole number of seconds only)
    [
      'a fraction is rounded up',
      () => upArgs(v2, ['w'], { timeoutSeconds: 1.5 }),
      ['docker', 'compose', ...BASE, 'up', '-d', '--no-deps', '--no-build', '--timeout', '2', 'w'],
    ],
    ['restart with a fraction', () => restartArgs(v1, ['w'], 0.5), ['docker-compose', ...BASE, 'restart', '--timeout', '1', 'w']],
  ])('%s', (_name, make, argv) => {
    expect(make()).toEqual(argv);
  });

  it('groupByGrace: one call per grace, the ungraced group first, order kept', () => {
    expect(groupByGrace(['web', 'celery_worker', 'flower', 'beat'], { celery_worker: 300, beat: 30, flower: 30 })).toEqual([
      [undefined, ['web']],
      [30, ['flower', 'beat']],
      [300, ['celery_worker']],
    ]);
    expect(groupByGrace([], { a: 1 })).toEqual([]);
  });
});

describe('config: compose.services.<s>.stop_grace', () => {
  const yaml = (grace: string) =>
    `version: 1\ncompose: {project: app, services: {celery_worker: {stop_grace: ${grace}}}}\ntargets:\n  prod: {strategy: compose, host: d@h, path: /srv/app}\n`;

  it('a duration, in milliseconds', () => {
    expect(parseConfig(yaml('1m30s'), 'deploy.yml').compose.services.celery_worker?.stop_grace).toBe(90_000);
  });

  it.each(['0s', 'soon', '10'])('refuses %j', (grace) => {
    expect(() => parseConfig(yaml(grace), 'deploy.yml')).toThrow(/stop_grace/);
  });
});

describe('plan: the configured grace overrides stop_grace_period', () => {
  const withGrace = composeModel(
    COMPOSE_YML.replace(
      '    command: celery -A observations_nids worker\n',
      '    command: celery -A observations_nids worker\n    stop_grace_period: 1m30s\n',
    ),
  );
  const config = (services: NonNullable<PlannerConfig['compose']['services']>): PlannerConfig => ({
    ...CONFIG,
    compose: { ...CONFIG.compose, services },
  });

  it.each<[string, PlannerConfig, Record<string, number> | undefined]>([
    ['config over compose, rounded up to seconds', config({ celery_worker: { stop_grace: 299_500 } }), { celery_worker: 300 }],
    ['config on a service without stop_grace_period', config({ web: { stop_grace: 20_000 } }), { celery_worker: 90, web: 20 }],
    ['config on a service the plan does not stop: not shown', config({ nginx: { stop_grace: 20_000 } }), { celery_worker: 90 }],
  ])('%s', (_name, cfg, grace) => {
    const plan = planFor(['M app/models.py'], { config: cfg, composeTo: withGrace, composeFrom: withGrace });
    expect(plan.stopGrace).toEqual(grace);
  });

  it.each<[string, number]>([
    ['1500ms', 2],
    ['2.5s', 3],
    ['1m0.2s', 61],
  ])('stop_grace_period %s: whole seconds in the plan, rounded up (%s)', (period, seconds) => {
    const model = composeModel(
      COMPOSE_YML.replace(
        '    command: celery -A observations_nids worker\n',
        `    command: celery -A observations_nids worker\n    stop_grace_period: ${period}\n`,
      ),
    );
    const plan = planFor(['M app/models.py'], { config: CONFIG, composeTo: model, composeFrom: model });
    expect(plan.stopGrace).toEqual({ celery_worker: seconds });
  });

  it('the plan table shows the configured value', () => {
    const plan = planFor(['M app/models.py'], {
      config: config({ celery_worker: { stop_grace: 300_000 } }),
      composeTo: withGrace,
      composeFrom: withGrace,
    });
    expect(formatPlanTable(plan)).toContain('celery_worker 300s');
  });
});

describe('apply: the grace reaches up and restart', () => {
  const images = { web: { name: 'app_web', id: 'sha256:old-web' } };

  it('a deploy runs one up per grace, with --timeout', async () => {
    const c = composeCase(stateOf(release(A, { images })), { stopGrace: { worker: 120 } });
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    const ups = d.exec.commands.map((x) => x.cmd).filter((cmd) => cmd.includes(' up -d '));
    expect(ups).toHaveLength(2);
    expect(ups[0]).toMatch(/ up -d --no-deps --no-build web$/);
    expect(ups[1]).toMatch(/ up -d --no-deps --no-build --timeout 120 worker$/);
  });

  it.each<[string, Record<string, number> | undefined, string[]]>([
    ['with a grace: docker stop -t N, then rm', { old: 45 }, ['ids old', 'stop -t 45 c9', 'rm -f c9']],
    // docker stop without -t: the container's own stop timeout (compose sets it from stop_grace_period), never SIGKILL at once
    ['without one: docker stop (its own timeout), then rm', undefined, ['ids old', 'stop c9', 'rm -f c9']],
  ])('a removed service is stopped gracefully before it is removed (%s)', async (_name, stopGrace, commands) => {
    const c = composeCase(stateOf(release(A, { images })), { remove: ['old'], ...(stopGrace ? { stopGrace } : {}) });
    const d = await runCase(composeStrategy, c);
    expect(d.error).toBeUndefined();
    expect(d.exec.log.filter((k) => /^(ids|stop|rm) /.test(k))).toEqual(commands);
  });

  it('the dry run shows the same commands', () => {
    const plan = planOf({ recreate: ['web', 'worker'], restart: ['nginx'], stopGrace: { worker: 120, nginx: 3 } });
    const lines = describeDryRun(plan, v2, {});
    expect(lines.slice(1)).toEqual([
      '  docker compose -p p --project-directory /a -f /a/c.yml up -d --no-deps --no-build web',
      '  docker compose -p p --project-directory /a -f /a/c.yml up -d --no-deps --no-build --timeout 120 worker',
      '  docker compose -p p --project-directory /a -f /a/c.yml restart --timeout 3 nginx',
    ]);
  });

  it("the dry run shows a rule's recreate with --force-recreate, first (as the apply runs it)", () => {
    const reasons = [{ service: 'nginx', action: 'recreate' as const, rule: 'nginx-conf', files: ['docker/nginx.conf'] }];
    const plan = planOf({ build: ['web'], recreate: ['nginx'], reasons });
    expect(describeDryRun(plan, v2, {}).slice(1)).toEqual([
      '  docker compose -p p --project-directory /a -f /a/c.yml build web',
      '  docker compose -p p --project-directory /a -f /a/c.yml up -d --no-deps --no-build --force-recreate nginx',
      '  docker compose -p p --project-directory /a -f /a/c.yml up -d --no-deps --no-build web',
    ]);
  });
});
