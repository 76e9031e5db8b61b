/** `compose.services`: per-service deploy options (how a service's containers are replaced). */
import * as z from 'zod';
import { bool, described, durationOrZero, durationValue, name } from './fields.js';

export const ROLLOUTS = ['stop-first', 'start-first'] as const;

/** Service names that read as a Celery beat (`celery_beat`, `beat`, `celery-beat`, `celerybeat`). */
const BEAT_NAME = /(^|[_.-])beat$|celerybeat/i;

/**
 * Why a service must never run two containers at once, or undefined: a Celery beat (by name, or
 * marked `singleton`) would run every scheduled task twice.
 */
export function singletonReason(service: string, options: { singleton?: boolean }): string | undefined {
  if (options.singleton) return 'it is marked singleton: true (at most one container at a time)';
  if (BEAT_NAME.test(service)) return 'its name reads as a Celery beat, and two beats would run every scheduled task twice';
  return undefined;
}

const serviceOptionsSchema = z.strictObject(
  {
    rollout: described(
      z.enum(ROLLOUTS, { error: 'expected "stop-first" or "start-first"' }).default('stop-first'),
      'How a deploy replaces the service\'s container: "stop-first" (default: compose stops the old one, then starts the new one) or "start-first" (the new container starts beside the old one; the old one is stopped and removed once the new one is healthy and has run for `overlap`). start-first is for stateless HTTP services behind a proxy; it is refused for a Celery beat, a singleton, a service publishing a fixed host port, one with a container_name, and one whose network another service joins.',
    ),
    overlap: described(
      durationOrZero('3s'),
      'start-first only: the least time the new and the old container both run before the old one is stopped, counted from the new one\'s start. A proxy that caches DNS answers (nginx `resolver ... valid=2s`) keeps sending requests to the old address until its cache expires; give it that time plus 1 s (nginx counts whole seconds). Default "3s"; "0s" stops the old container as soon as the new one is healthy.',
    ),
    singleton: described(
      bool().optional(),
      'true: the service must never run two containers at once (e.g. a Celery beat under another name); start-first is refused.',
    ),
    stop_grace: described(
      durationValue().optional(),
      'Time between SIGTERM and SIGKILL when a deploy stops the service\'s container (e.g. "60s" for a Celery worker finishing its task). Overrides the compose file\'s stop_grace_period; passed as --timeout to up and restart (docker stop -t for start-first and for a service removed from the compose file). Rounded up to whole seconds.',
    ),
  },
  { error: 'expected a mapping (rollout, overlap, singleton, stop_grace)' },
);

/** `compose.services`: options by compose service name; a start-first singleton is refused here, by name or flag. */
export const composeServicesSchema = described(
  z
    .record(name('service'), serviceOptionsSchema, { error: 'expected a mapping of compose service names to options' })
    .default({})
    .superRefine((services, ctx) => {
      for (const [service, options] of Object.entries(services)) {
        const why = options.rollout === 'start-first' ? singletonReason(service, options) : undefined;
        if (why) ctx.addIssue({ code: 'custom', path: [service, 'rollout'], message: `start-first is refused for "${service}": ${why}` });
      }
    }),
  'Per-service deploy options, by compose service name (e.g. `web: {rollout: start-first}`).',
);
