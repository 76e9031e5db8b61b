import { describe, expect, it } from 'vitest';
import type { ComposeInvocation } from '../../src/apply/compose-command.js';
import type { Target } from '../../src/config/schema.js';
import { targetSchema } from '../../src/config/targets.js';
import { envFileFor } from '../../src/backup/database.js';
import { describeDryRun } from '../../src/strategies/compose/dry-run.js';
import { imageRepository, releaseTag } from '../../src/apply/images.js';
import type { Plan, TaskConfig } from '../../src/plan/types.js';
import { planOf } from './helpers/plans.js';

describe('imageRepository', () => {
  const repositories: Record<string, string> = {
    'a:b': 'a',
    x: 'x',
    'host:5000/x:tag': 'host:5000/x',
    'host:5000/x': 'host:5000/x',
    'registry.example.com/team/app-web:release-abc': 'registry.example.com/team/app-web',
    'app_web:latest': 'app_web',
    'localhost:5000/a/b/c': 'localhost:5000/a/b/c',
  };
  it.each(Object.entries(repositories))('%s → %s', (name, repo) => {
    expect(imageRepository(name)).toBe(repo);
  });
});

describe('releaseTag', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef01234567', 'release-0123456789ab'],
    ['abc', 'release-abc'],
  ])('%s → %s', (sha, tag) => {
    expect(releaseTag(sha)).toBe(tag);
  });
});

const inv: ComposeInvocation = {
  command: ['docker', 'compose'],
  project: 'app',
  files: ['/srv/my app/docker-compose.yml'],
  projectDir: '/srv/my app',
};
const BASE = `docker compose -p app --project-directory '/srv/my app' -f '/srv/my app/docker-compose.yml'`;
const plan = planOf;
const tasks: Record<string, TaskConfig> = {
  migrate: { service: 'web', command: 'python manage.py migrate --noinput' },
  hostonly: { command: 'echo no service' },
};
const HEADER = 'dry-run: nothing was changed on the host; a deploy would run:';

describe('describeDryRun', () => {
  it.each<[string, Partial<Plan>, string[]]>([
    ['empty plan: only the header', {}, []],
    [
      'no-cache builds first, then cached, then up of build+recreate (sorted)',
      { build: ['worker', 'web', 'beat'], noCache: ['web'], recreate: ['nginx'] },
      [`  ${BASE} build --no-cache web`, `  ${BASE} build worker beat`, `  ${BASE} up -d --no-deps --no-build beat nginx web worker`],
    ],
    ['recreate only: up, no build', { recreate: ['redis'] }, [`  ${BASE} up -d --no-deps --no-build redis`]],
    ['restart', { restart: ['nginx', 'flower'] }, [`  ${BASE} restart nginx flower`]],
    [
      'tasks with a service are exec lines (quoted command); tasks without one or unknown are skipped',
      { tasks: ['migrate', 'hostonly', 'ghost'] },
      [`  ${BASE} exec -T web sh -c 'python manage.py migrate --noinput'`],
    ],
    [
      'removed services: stopped (their grace), then removed',
      { remove: ['old', 'older', 'worker'], stopGrace: { worker: 60 } },
      [
        '  docker stop <containers of old, older> && docker rm -f <containers of old, older>',
        '  docker stop -t 60 <containers of worker> && docker rm -f <containers of worker>',
      ],
    ],
  ])('%s', (_name, p, lines) => {
    expect(describeDryRun(plan(p), inv, tasks)).toEqual([HEADER, ...lines]);
  });

  it('refuses a hostile service name instead of printing it', () => {
    expect(() => describeDryRun(plan({ restart: ['$(x)'] }), inv, tasks)).toThrow(/invalid service name/);
  });
});

const target = (layout: 'releases' | 'in-place', shared: string[]): Target =>
  targetSchema.parse({ strategy: 'compose', host: 'deploy@example.com', path: '/srv/app', layout, shared });

describe('envFileFor', () => {
  it.each<[string, 'releases' | 'in-place', string[], string | undefined]>([
    ['releases: the shared copy', 'releases', ['media/', '.env'], '/srv/app/shared/.env'],
    ['in-place: the file in the tree', 'in-place', ['.env'], '/srv/app/.env'],
    ['nested docker/.env (releases)', 'releases', ['docker/.env'], '/srv/app/shared/docker/.env'],
    ['nested docker/.env (in-place)', 'in-place', ['docker/.env'], '/srv/app/docker/.env'],
    ['the first .env wins', 'releases', ['docker/.env', '.env'], '/srv/app/shared/docker/.env'],
    ['none shared', 'releases', [], undefined],
    ['similar names are not .env', 'releases', ['.env.example', 'prod.env', 'x.env/'], undefined],
  ])('%s', (_name, layout, shared, expected) => {
    expect(envFileFor(target(layout, shared))).toBe(expected);
  });
});
