/** Runner: the stack's services as `status` lists them (one `docker service ls`, the update states), compared with the live release. */
import type { ImageRecord } from '../record/state-model.js';
import type { Executor } from '../transport/types.js';
import { stackStatusArgs, stackUpdateStatusScript } from './swarm-status-scripts.js';
import { pausedServices } from './swarm-paused.js';
import { refsOf, serviceRows, type SwarmServiceRow } from './swarm-service-list.js';

export async function swarmServiceRows(
  exec: Executor,
  stack: string,
  images: Readonly<Record<string, ImageRecord>> | undefined,
): Promise<SwarmServiceRow[]> {
  const [list, updates] = await Promise.all([exec.run(stackStatusArgs(stack)), exec.sh(stackUpdateStatusScript(stack))]);
  return serviceRows(list.stdout, stack, refsOf(images), pausedServices(updates.stdout));
}
