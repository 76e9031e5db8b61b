import { describe, expect, it } from 'vitest';
import {
  buildArgs,
  checkServices,
  composeBase,
  execArgs,
  projectContainersArgs,
  restartArgs,
  upArgs,
  type ComposeInvocation,
} from '../../src/apply/compose-command.js';
import { upWaitSeconds } from '../../src/apply/apply-plan.js';

const files = ['/srv/app/current/docker/docker-compose.yml', '/srv/app/current/docker/prod.yml'];
const v1: ComposeInvocation = { command: ['docker-compose'], project: 'app', files, projectDir: '/srv/app/current/docker' };
const v2: ComposeInvocation = { ...v1, command: ['docker', 'compose'] };
const base = ['-p', 'app', '--project-directory', '/srv/app/current/docker', '-f', files[0]!, '-f', files[1]!];

describe.each([
  ['v1', v1, ['docker-compose'], ['--force-rm']],
  ['v2', v2, ['docker', 'compose'], []],
])('compose argv (%s)', (_name, inv, cmd, forceRm) => {
  it.each<[string, () => string[], string[]]>([
    ['base: -p, --project-directory, every -f in merge order', () => composeBase(inv), []],
    [
      'build with cache (v1: --force-rm, no failed step left behind)',
      () => buildArgs(inv, ['web', 'worker'], false),
      ['build', ...forceRm, 'web', 'worker'],
    ],
    ['build --no-cache', () => buildArgs(inv, ['web'], true), ['build', ...forceRm, '--no-cache', 'web']],
    ['up: detached, no deps, no build', () => upArgs(inv, ['web', 'nginx']), ['up', '-d', '--no-deps', '--no-build', 'web', 'nginx']],
    [
      'up --force-recreate',
      () => upArgs(inv, ['web'], { forceRecreate: true }),
      ['up', '-d', '--no-deps', '--no-build', '--force-recreate', 'web'],
    ],
    ['restart', () => restartArgs(inv, ['nginx']), ['restart', 'nginx']],
    [
      'exec without a TTY through sh -c',
      () => execArgs(inv, 'web', 'python manage.py migrate; echo "$X"'),
      ['exec', '-T', 'web', 'sh', '-c', 'python manage.py migrate; echo "$X"'],
    ],
  ])('%s', (_label, make, tail) => {
    expect(make()).toEqual([...cmd, ...base, ...tail]);
  });

  it('a single compose file gives a single -f', () => {
    const args = composeBase({ ...inv, files: ['/a b/c.yml'] });
    expect(args.filter((a) => a === '-f')).toHaveLength(1);
    expect(args.slice(-2)).toEqual(['-f', '/a b/c.yml']);
  });
});

describe('projectContainersArgs', () => {
  it('filters by compose project, service and non-one-off labels with a plain docker ps', () => {
    expect(projectContainersArgs('app', 'celery_worker')).toEqual([
      'docker',
      'ps',
      '-aq',
      '--no-trunc',
      '--filter',
      'label=com.docker.compose.project=app',
      '--filter',
      'label=com.docker.compose.service=celery_worker',
      '--filter',
      'label=com.docker.compose.oneoff=False',
    ]);
  });

  it('rejects a hostile service name', () => {
    expect(() => projectContainersArgs('app', 'web;rm')).toThrow(/invalid service name/);
  });
});

describe('checkServices', () => {
  it.each(['web', 'celery_worker', 'web-2', 'a.b', '9lives', 'W'])('accepts %j', (name) => {
    expect(() => checkServices([name])).not.toThrow();
  });

  it.each(['web;rm', '-x', '--force', '$(x)', '', ' web', 'web ', 'a/b', '_web', '.web', 'we\nb', '`id`', 'a&b'])('rejects %j', (name) => {
    expect(() => checkServices(['web', name])).toThrow(`invalid service name ${JSON.stringify(name)}`);
  });

  it('a `docker-compose` probed as 2.x (the standalone v2 binary) gets no --force-rm, which v2 does not have', () => {
    expect(buildArgs({ ...v1, version: '2.26.1' }, ['web'], false)).toEqual(['docker-compose', ...base, 'build', 'web']);
    expect(buildArgs({ ...v1, version: '1.29.2' }, ['web'], false)).toEqual(['docker-compose', ...base, 'build', '--force-rm', 'web']);
  });

  it.each<[string, (s: string[]) => unknown]>([
    ['build', (s) => buildArgs(v2, s, false)],
    ['up', (s) => upArgs(v2, s)],
    ['restart', (s) => restartArgs(v2, s)],
    ['exec', (s) => execArgs(v2, s[0]!, 'true')],
  ])('%s checks its services before building argv', (_name, make) => {
    expect(() => make(['-x'])).toThrow(/invalid service name/);
  });
});

describe('upWaitSeconds: up --wait on a probed compose v2, polling otherwise', () => {
  const health = { services: true, timeout: 90_000 };
  it.each<[string, ComposeInvocation, typeof health, number | undefined]>([
    ['v2 2.26.1: the health timeout in seconds', { ...v2, version: '2.26.1' }, health, 90],
    ['v2, timeout rounded up', { ...v2, version: '2.26.1' }, { services: true, timeout: 1_500 }, 2],
    ['v2 without --wait (2.0)', { ...v2, version: '2.0.1' }, health, undefined],
    ['v2 not probed (no version)', v2, health, undefined],
    ['v1', { ...v1, version: '1.29.2' }, health, undefined],
    ['health.services off', { ...v2, version: '2.26.1' }, { services: false, timeout: 90_000 }, undefined],
  ])('%s', (_name, inv, h, expected) => {
    expect(upWaitSeconds(inv, h)).toBe(expected);
  });
});
