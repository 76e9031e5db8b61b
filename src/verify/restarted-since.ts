/**
 * The Verify's check of the restart counts the Apply's waits saw (pure): a container Docker
 * restarted since a wait saw it running (and healthy, with a healthcheck) crashed since, e.g. while
 * the tasks ran, even when it runs again by now, which the poll's own verdict (judgeContainers) accepts.
 */
import type { ContainerInfo } from '../apply/project-containers.js';
import type { Seen } from '../apply/wait-started.js';

/** The failure line for the first of `held` whose restart count changed in `containers` (by name); undefined when none did. */
export function restartedSince(held: readonly Seen[], containers: readonly ContainerInfo[]): string | undefined {
  for (const s of held) {
    const now = containers.find((c) => c.name === s.name);
    if (!now || now.restarts === s.restarts) continue;
    const seen = s.health ? 'running and healthy' : 'running';
    const why = s.health ? 'it has a healthcheck, which passes again after a restart' : 'it has no healthcheck';
    return (
      `health check failed: ${s.name} crashed: Docker restarted it ${now.restarts - s.restarts} time(s) ` +
      `after a wait of the Apply had seen it ${seen} (${why}; health.stable_for)`
    );
  }
  return undefined;
}
