import { describe, expect, it } from 'vitest';
import { composeCanWait, composeGeneration, containerNameOf, imageNameOf, isComposeV1 } from '../../src/apply/compose-naming.js';
import type { ComposeService } from '../../src/plan/types.js';
import { serviceOf } from './helpers/plans.js';

const svc = serviceOf;

describe('isComposeV1', () => {
  it.each<[string[], boolean]>([
    [['docker-compose'], true],
    [['/usr/local/bin/docker-compose'], true],
    [['docker', 'compose'], false],
    [['/usr/bin/docker', 'compose'], false],
    [['docker-compose', 'extra'], false],
    [['my-docker-compose'], false],
    [['docker-compose-v1'], false],
    [[], false],
  ])('%j → %s', (command, expected) => {
    expect(isComposeV1(command)).toBe(expected);
  });
});

describe('imageNameOf', () => {
  it.each<[string, ComposeService, string, boolean, string]>([
    ['v1: <project>_<service>', svc('web'), 'app', true, 'app_web'],
    ['v2: <project>-<service>', svc('web'), 'app', false, 'app-web'],
    ['v1 lowercases and drops characters compose v1 drops', svc('celery_worker'), 'My.App 2', true, 'myapp2_celery_worker'],
    ['v1 keeps - and _ in the project', svc('web'), 'my-app_x', true, 'my-app_x_web'],
    ['v2 lowercases the project', svc('web'), 'MyApp', false, 'myapp-web'],
    ['explicit image wins (v1)', svc('web', { image: 'registry:5000/team/web:1.2' }), 'app', true, 'registry:5000/team/web:1.2'],
    ['explicit image wins (v2)', svc('web', { image: 'team/web' }), 'app', false, 'team/web'],
    ['an empty image falls back to the default name', svc('web', { image: '' }), 'app', false, 'app-web'],
    ['a non-string image falls back to the default name', svc('web', { image: 42 }), 'app', true, 'app_web'],
  ])('%s', (_name, service, project, v1, expected) => {
    expect(imageNameOf(service, project, v1)).toBe(expected);
  });
});

describe('containerNameOf', () => {
  it.each<[string, string, string, number, boolean, string]>([
    ['v1: <project>_<service>_<n>', 'app', 'web', 1, true, 'app_web_1'],
    ['v2: <project>-<service>-<n>', 'app', 'web', 1, false, 'app-web-1'],
    ['v2, second replica', 'app', 'celery_worker', 2, false, 'app-celery_worker-2'],
    ['v1 normalizes the project like its image names', 'My.App', 'web', 1, true, 'myapp_web_1'],
  ])('%s', (_name, project, service, n, v1, expected) => {
    expect(containerNameOf(project, service, n, v1)).toBe(expected);
  });
});

describe('composeCanWait (up --wait exists from compose 2.1)', () => {
  it.each<[string[], string | undefined, boolean]>([
    [['docker', 'compose'], '2.26.1', true],
    [['docker', 'compose'], '2.1.0', true],
    [['docker', 'compose'], '3.0.0', true],
    [['docker', 'compose'], '2.0.1', false],
    [['docker', 'compose'], undefined, false],
    [['docker-compose'], '1.29.2', false],
    [['docker-compose'], '2.26.1', false],
    [['sh', '-c', 'if docker compose version ...', 'gitops-deploy-compose'], undefined, false],
  ])('%j %s → %s', (command, version, expected) => {
    expect(composeCanWait(command, version)).toBe(expected);
  });

  it('composeGeneration names them', () => {
    expect([composeGeneration(['docker-compose']), composeGeneration(['docker', 'compose'])]).toEqual(['v1', 'v2']);
  });
});
