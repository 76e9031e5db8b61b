import { describe, expect, it } from 'vitest';
import { judgeContainers, type HealthVerdict } from '../../src/verify/container-health.js';

describe('judgeContainers', () => {
  it.each<[string, string[], HealthVerdict]>([
    ['no containers', [], { state: 'ok' }],
    ['running without healthcheck', ['/app-web-1 running none'], { state: 'ok' }],
    ['running and healthy', ['/app-web-1 running healthy'], { state: 'ok' }],
    ['missing health column counts as none', ['/app-web-1 running'], { state: 'ok' }],
    ['surrounding whitespace is ignored', ['  /app-web-1   running   healthy  '], { state: 'ok' }],
    ['healthcheck starting → waiting', ['/app-web-1 running starting'], { state: 'waiting', detail: 'app-web-1 running/starting' }],
    ['created → waiting', ['/app-web-1 created none'], { state: 'waiting', detail: 'app-web-1 created/none' }],
    ['restarting → waiting', ['/app-web-1 restarting none'], { state: 'waiting', detail: 'app-web-1 restarting/none' }],
    ['unhealthy → failed', ['/app-web-1 running unhealthy'], { state: 'failed', detail: 'app-web-1 is unhealthy' }],
    ['exited → failed', ['/app-web-1 exited none'], { state: 'failed', detail: 'app-web-1 is exited' }],
    ['dead → failed', ['/app-web-1 dead none'], { state: 'failed', detail: 'app-web-1 is dead' }],
    ['exited with a stale healthy status → failed', ['/app-web-1 exited healthy'], { state: 'failed', detail: 'app-web-1 is exited' }],
    [
      'mixed ok and waiting → waiting lists only the waiting ones',
      ['/app-web-1 running healthy', '/app-worker-1 running starting', '/app-beat-1 running none', '/app-web-2 created none'],
      { state: 'waiting', detail: 'app-worker-1 running/starting, app-web-2 created/none' },
    ],
    [
      'mixed waiting then failed → failed wins, whatever the order',
      ['/app-worker-1 running starting', '/app-web-1 running healthy', '/app-db-1 exited none'],
      { state: 'failed', detail: 'app-db-1 is exited' },
    ],
    ['the first failing container is named', ['/a running unhealthy', '/b exited none'], { state: 'failed', detail: 'a is unhealthy' }],
    // a one-shot (migrate) that did its job, as the Apply's wait judges it (one-shot.ts)
    ['exited 0, restart "no" → finished', ['migrate exited none 0 no', 'web running none 0 -'], { state: 'ok' }],
    ['exited 0, on-failure → finished', ['migrate exited none 0 on-failure'], { state: 'ok' }],
    ['exited 0, no restart policy → finished', ['migrate exited none 0 -'], { state: 'ok' }],
    ['exited 0, restart always → failed', ['migrate exited none 0 always'], { state: 'failed', detail: 'migrate is exited' }],
    ['exited 0, unless-stopped → failed', ['migrate exited none 0 unless-stopped'], { state: 'failed', detail: 'migrate is exited' }],
    ['exited 3, restart "no" → failed', ['migrate exited none 3 no'], { state: 'failed', detail: 'migrate is exited' }],
    ['exited 0 but unhealthy → failed', ['migrate exited unhealthy 0 no'], { state: 'failed', detail: 'migrate is unhealthy' }],
    ['exit code unknown → failed', ['migrate exited none ? no'], { state: 'failed', detail: 'migrate is exited' }],
  ])('%s', (_name, lines, verdict) => {
    expect(judgeContainers(lines)).toEqual(verdict);
  });
});
