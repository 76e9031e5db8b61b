/**
 * Pure: services whose swarm update is paused (`update_config.failure_action: pause`, or a rollback
 * that paused). Swarm stops updating them, part of their tasks possibly on the spec that failed; a
 * run that does not change them would report success over them: refused before anything changes.
 */
import { UserError } from '../core/errors.js';

export interface PausedService {
  name: string;
  state: string;
  message?: string;
}

const PAUSED = new Set(['paused', 'rollback_paused']);

/** Reads `stackUpdateStatusScript` output: the services whose UpdateStatus is paused or rollback_paused. */
export function pausedServices(out: string): PausedService[] {
  return out.split('\n').flatMap((line) => {
    const space = line.trim().indexOf(' ');
    if (space < 0) return [];
    const name = line.trim().slice(0, space);
    let status: { State?: string; Message?: string } | null = null;
    try {
      status = JSON.parse(line.trim().slice(space + 1)) as { State?: string; Message?: string } | null;
    } catch {
      return [];
    }
    if (!status?.State || !PAUSED.has(status.State)) return [];
    return [{ name, state: status.State, ...(status.Message ? { message: status.Message } : {}) }];
  });
}

/** Throws (exit 2) when a paused service is not among those the run changes (`touched`, swarm names). */
export function refusePaused(paused: readonly PausedService[], touched: readonly string[], what: string): void {
  const left = paused.filter((p) => !touched.includes(p.name));
  if (left.length === 0) return;
  const each = left.map((p) => `${p.name}: swarm update ${p.state}${p.message ? ` (${p.message})` : ''}`).join('; ');
  const names = left.map((p) => p.name).join(' ');
  throw new UserError(
    `a swarm update was left paused: ${each}. This ${what} does not change ${left.length > 1 ? 'these services' : 'it'}, ` +
      'so it would report success while swarm has stopped updating it (some tasks may run the spec that failed). ' +
      `On the manager, \`docker service rollback ${names}\` puts it back on its previous spec ` +
      `(or \`docker service update --force ${names}\` retries the update); then run again.`,
  );
}
