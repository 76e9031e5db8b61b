import { isPlainMap } from '../compose/values.js';
import type { ComposeModel, ComposeService } from './types.js';

/** The rule of the actions a replaced service causes on the services linked to it. */
export const LINKED_SERVICE_RULE = 'linked-service';

export interface Linked {
  service: string;
  action: 'recreate' | 'restart';
  /** the replaced service it is linked to */
  on: string;
  detail: string;
}

/** The service `network_mode: service:<name>` names, if any. */
function networkOf(s: ComposeService): string | undefined {
  const mode = s.definition.network_mode;
  return typeof mode === 'string' && mode.startsWith('service:') ? mode.slice('service:'.length) : undefined;
}

/** The services `volumes_from` names (`name`, `name:ro`; not `container:<name>`). */
function volumesFromOf(s: ComposeService): string[] {
  const list = s.definition.volumes_from;
  if (!Array.isArray(list)) return [];
  return list.flatMap((v) => (typeof v === 'string' && !v.startsWith('container:') ? [v.split(':')[0]!] : []));
}

/** The dependencies whose `depends_on` entry sets `restart: true`. */
function restartOnOf(s: ComposeService): string[] {
  const deps = s.definition.depends_on;
  if (!isPlainMap(deps)) return [];
  return Object.entries(deps).flatMap(([name, d]) => (isPlainMap(d) && d.restart === true ? [name] : []));
}

/**
 * What replacing (building or recreating) the `replaced` services does to the services linked to
 * them, which a `docker compose up --no-deps <replaced>` leaves alone but a whole-project `up`
 * recreates (checked with compose 2.26): a service with `network_mode: service:x` or
 * `volumes_from: [x]` still uses the old container of x (its network namespace, its volumes) until
 * it is recreated, and transitively; a service whose `depends_on: {x: {restart: true}}` is
 * restarted (after the `up`, apply-plan.ts).
 */
export function linkedToReplaced(model: ComposeModel, replaced: Iterable<string>): Linked[] {
  const done = new Set(replaced);
  const out: Linked[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const s of Object.values(model.services)) {
      if (done.has(s.name)) continue;
      const network = networkOf(s);
      const on = network !== undefined && done.has(network) ? network : volumesFromOf(s).find((v) => done.has(v));
      if (on === undefined) continue;
      const how = on === network ? `shares the network of "${on}"` : `mounts the volumes of "${on}"`;
      out.push({ service: s.name, action: 'recreate', on, detail: `${how}, which is replaced` });
      done.add(s.name);
      grew = true;
    }
  }
  for (const s of Object.values(model.services)) {
    const on = done.has(s.name) ? undefined : restartOnOf(s).find((d) => done.has(d));
    if (on !== undefined) out.push({ service: s.name, action: 'restart', on, detail: `depends_on "${on}" with restart: true` });
  }
  return out;
}
