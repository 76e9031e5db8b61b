import type { ComposeInvocation } from '../apply/compose-command.js';
import type { ContainerInfo } from '../apply/project-containers.js';
import type { Seen } from '../apply/wait-started.js';
import type { ComposeTarget } from '../config/schema.js';
import type { Executor } from '../transport/types.js';
import { waitForContainers } from './container-health.js';
import { healthExpectation, waitForHttp } from './http-check.js';

/**
 * The target's health checks after compose changes: healthchecks of the touched services, then the
 * URL. Returns the project's containers as the healthy poll read them (undefined when none was read).
 * `held`: containers the Apply's waits saw before the tasks; one Docker restarted since fails (restartedSince).
 */
export async function verifyCompose(
  exec: Executor,
  inv: ComposeInvocation,
  health: ComposeTarget['health'],
  touched: readonly string[],
  held: readonly Seen[] = [],
): Promise<ContainerInfo[] | undefined> {
  const seen = health.services ? await waitForContainers(exec, inv, touched, health.timeout, undefined, held) : undefined;
  if (health.url) await waitForHttp(exec, healthExpectation(health));
  return seen;
}
