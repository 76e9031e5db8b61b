import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../src/apply/project-containers.js';
import { restartedSince } from '../../src/verify/restarted-since.js';

const container = (name: string, restarts: number): ContainerInfo => ({
  id: name,
  service: 'x',
  name,
  image: 'img',
  imageId: 'sha256:1',
  status: 'running',
  health: 'none',
  restarts,
});

describe('restartedSince: restart counts a wait saw, compared by the Verify', () => {
  it('unchanged, or a container no longer listed: nothing', () => {
    const held = [
      { name: 'app-beat-1', since: 100, restarts: 1 },
      { name: 'app-gone-1', since: 100, restarts: 0 },
    ];
    expect(restartedSince(held, [container('app-beat-1', 1)])).toBeUndefined();
    expect(restartedSince([], [container('app-beat-1', 4)])).toBeUndefined();
  });

  it('restarted since, without a healthcheck: says it crashed, how often since', () => {
    expect(restartedSince([{ name: 'app-beat-1', since: 100, restarts: 1 }], [container('app-beat-1', 3)])).toBe(
      'health check failed: app-beat-1 crashed: Docker restarted it 2 time(s) after a wait of the Apply had seen it running (it has no healthcheck; health.stable_for)',
    );
  });

  it('restarted since, with a healthcheck: seen healthy, healthy again by now', () => {
    expect(restartedSince([{ name: 'app-web-1', since: 100, restarts: 0, health: true }], [container('app-web-1', 1)])).toBe(
      'health check failed: app-web-1 crashed: Docker restarted it 1 time(s) after a wait of the Apply had seen it running and healthy (it has a healthcheck, which passes again after a restart; health.stable_for)',
    );
  });
});
