/**
 * A service's own compose healthcheck as a command to `docker exec` in its container (pure). The
 * wait after `up` (wait-started.ts) runs it while Docker still says `starting`. Docker runs the
 * first check only `interval` after the start (measured on 20.10: a Django web with `interval: 2s`
 * answered 0.5 s after its start, Docker said healthy after 2.3 s) and marks the container healthy
 * after one passing check, so one passing probe is the same criterion, met sooner.
 *
 * Only a `test` written in the compose model is probed: a healthcheck that comes from the image's
 * HEALTHCHECK alone (no `test` in the compose file) has no probe, and that container waits for
 * Docker's own status as before. `test: ["NONE"]`, `disable: true` or an empty test: no probe.
 */
import { composeDurationSeconds } from '../compose/stop-grace.js';
import type { ComposeService } from '../compose/types.js';

export interface HealthProbe {
  /**
   * the test as compose hands it to Docker (a string becomes ["CMD-SHELL", it]): the wait probes a
   * container only when its `.Config.Healthcheck.Test` is exactly this, so a compose file edited
   * on the host, or a test interpolated from a host-only .env, is left to Docker
   */
  test: string[];
  /** the command run in the container (after `docker exec <container>`) */
  argv: string[];
  /** whole seconds the probe may take before it counts as failed */
  timeoutSeconds: number;
}

/** Docker's default healthcheck timeout. */
const DEFAULT_TIMEOUT_SECONDS = 30;
/**
 * The most one probe may take: the wait polls nothing else while it runs, so a hanging check
 * must not hold off noticing an exited container for long. A check that needs longer simply
 * never passes as a probe, and Docker's own status decides, as without one.
 */
export const MAX_PROBE_SECONDS = 5;

/** The probe of `service`'s compose healthcheck, or undefined when it has none to run. */
export function healthProbeOf(service: ComposeService | undefined): HealthProbe | undefined {
  const hc = service?.definition.healthcheck;
  if (typeof hc !== 'object' || hc === null || Array.isArray(hc)) return undefined;
  const check = hc as Record<string, unknown>;
  if (check.disable === true) return undefined;
  const test = dockerTest(check.test);
  if (!test) return undefined;
  const timeout = typeof check.timeout === 'string' ? composeDurationSeconds(check.timeout) : undefined;
  const seconds = Math.min(MAX_PROBE_SECONDS, timeout && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS);
  const [kind, ...rest] = test;
  const argv = kind === 'CMD' ? rest : ['/bin/sh', '-c', rest.join(' ')];
  return { test, argv, timeoutSeconds: Math.max(1, Math.ceil(seconds)) };
}

/** The probes of those `services` that have one (service name → probe). */
export function healthProbesOf(services: Record<string, ComposeService>, names: readonly string[]): Record<string, HealthProbe> {
  const out: Record<string, HealthProbe> = {};
  for (const name of names) {
    const probe = healthProbeOf(services[name]);
    if (probe) out[name] = probe;
  }
  return out;
}

/**
 * `test` as the container carries it, when it is one to run: ["CMD", ...] (run as is) or
 * ["CMD-SHELL", ...] (a string becomes one; run through `/bin/sh -c`, the parts joined by
 * spaces, as Docker does, which would use the image's SHELL, /bin/sh unless the Dockerfile changes
 * it); anything else (["NONE"], empty, parts that are not strings) none.
 */
function dockerTest(test: unknown): string[] | undefined {
  if (typeof test === 'string') return test.trim() ? ['CMD-SHELL', test] : undefined;
  if (!Array.isArray(test) || !test.every((p): p is string => typeof p === 'string')) return undefined;
  return test.length > 1 && (test[0] === 'CMD' || test[0] === 'CMD-SHELL') ? [...test] : undefined;
}
