/** The dry run of a compose rollback: the same order as the rollback runs (held services after the tasks) and the stop grace. */
import { describe, expect, it } from 'vitest';
import { describeRollback } from '../../src/rollback/describe.js';
import type { Retained } from '../../src/rollback/types.js';
import type { ComposeRun } from '../../src/strategies/compose/run.js';
import { planOf } from './helpers/plans.js';
import { A, B, release } from './helpers/pipeline-runs.js';

const inv = { command: ['docker', 'compose'], project: 'p', files: ['/a/c.yml'], projectDir: '/a' };
const BASE = 'docker compose -p p --project-directory /a -f /a/c.yml';

const describeOf = (plan: ReturnType<typeof planOf>, waitSeconds?: number) =>
  describeRollback(
    {
      current: release(B),
      to: release(A, { images: { web: { name: 'app_web', id: 'sha256:a-web' } } }),
      planned: { plan } as Retained<ComposeRun>['planned'],
      inv,
      releases: false,
    },
    false,
    waitSeconds,
  ).slice(1);

describe('describeRollback', () => {
  it('held services after the tasks; each with its stop grace', () => {
    const plan = planOf({ build: ['web'], restart: ['nginx'], recreate: ['worker'], tasks: ['collectstatic'], afterTasks: ['nginx'] });
    expect(describeOf({ ...plan, stopGrace: { worker: 60, nginx: 3 } })).toEqual([
      '  docker tag sha256:a-web app_web',
      `  ${BASE} up -d --no-deps --no-build --force-recreate web`,
      `  ${BASE} up -d --no-deps --no-build --timeout 60 worker`,
      '  run tasks: collectstatic',
      '  (after the tasks, held by their `before`: nginx)',
      `  ${BASE} restart --timeout 3 nginx`,
    ]);
  });

  it('on a compose that has `up --wait`: each up is waited for, as the rollback runs them', () => {
    const plan = planOf({ build: ['web'], recreate: ['worker'] });
    expect(describeOf(plan, 60)).toEqual([
      '  docker tag sha256:a-web app_web',
      `  ${BASE} up -d --no-deps --no-build --force-recreate web`,
      '  (then until web runs and is healthy: docker inspect every 0.1 s, up to 60 s)',
      `  ${BASE} up -d --no-deps --no-build worker`,
      '  (then until worker runs and is healthy: docker inspect every 0.1 s, up to 60 s)',
    ]);
  });

  it('a start-first service is replaced start-first, as the deploy replaced it (retagged or recreated)', () => {
    const plan = planOf({ build: ['web', 'worker'], recreate: ['api'], startFirst: ['api', 'web'] });
    expect(describeOf(plan)).toEqual([
      '  docker tag sha256:a-web app_web',
      '  rebuild worker (no image recorded for it)',
      `  ${BASE} up -d --no-deps --no-build --force-recreate worker`,
      `  ${BASE} up -d --no-deps --no-build --no-recreate --scale api=2 api`,
      '  (start-first api: once the new container is healthy, docker stop + docker rm of the old one)',
      `  ${BASE} up -d --no-deps --no-build --no-recreate --scale web=2 web`,
      '  (start-first web: once the new container is healthy, docker stop + docker rm of the old one)',
    ]);
  });
});
