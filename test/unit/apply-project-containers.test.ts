import { describe, expect, it } from 'vitest';
import { parseInspect, projectInspectScript } from '../../src/apply/project-containers.js';

describe('parseInspect', () => {
  it('joins docker ps services with docker inspect states (with and without healthcheck)', () => {
    const out = [
      'ps aaa web',
      'ps bbb nginx',
      'inspect aaa app_web sha256:1 0 - {"Status":"running","ExitCode":0,"Health":{"Status":"starting","Log":[{"Output":"x y"}]}}',
      'inspect bbb nginx:1 sha256:2 3 on-failure {"Status":"exited","ExitCode":1,"Error":"some words"}',
      '',
    ].join('\n');
    expect(parseInspect(out)).toEqual([
      {
        id: 'aaa',
        service: 'web',
        image: 'app_web',
        imageId: 'sha256:1',
        status: 'running',
        health: 'starting',
        restarts: 0,
        exitCode: 0,
        restartPolicy: '-',
      },
      {
        id: 'bbb',
        service: 'nginx',
        image: 'nginx:1',
        imageId: 'sha256:2',
        status: 'exited',
        health: 'none',
        restarts: 3,
        exitCode: 1,
        restartPolicy: 'on-failure',
      },
    ]);
  });

  it('the name docker ps lists after the service, when it does', () => {
    const out = 'ps aaa web app-web-1\ninspect aaa app_web sha256:1 2 - {"Status":"running"}\n';
    expect(parseInspect(out)).toMatchObject([{ id: 'aaa', service: 'web', name: 'app-web-1', restarts: 2 }]);
    expect(projectInspectScript('app')).toContain('{{.Label "com.docker.compose.service"}} {{.Names}}');
  });

  it('no containers: empty', () => {
    expect(parseInspect('\n')).toEqual([]);
  });

  it('the script filters by project and excludes one-off containers, project quoted', () => {
    const script = projectInspectScript('my-app');
    expect(script).toContain('label=com.docker.compose.project=my-app');
    expect(script).toContain('label=com.docker.compose.oneoff=False');
  });
});
