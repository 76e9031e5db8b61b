/**
 * Compose profiles (pure). A service with `profiles:` runs only when one of them is active;
 * `docker compose up` leaves the others out, but starts any service it is *named* (its profiles
 * are then enabled), and a deploy names the services it starts. So the model leaves them out, as
 * `docker compose config` does. Active profiles: COMPOSE_PROFILES of the compose `.env`
 * (comma-separated; `*` enables every profile).
 */
import type { ServiceMap } from './document.js';

/** The profiles the compose `.env` enables (`vars`: its variables); '*' stands for all. */
export function activeProfiles(vars: Record<string, string>): Set<string> {
  return new Set(
    (vars.COMPOSE_PROFILES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  );
}

/** The service's profiles as written (a list of names); none when it has none. */
function profilesOf(def: unknown): string[] {
  const profiles = (def as { profiles?: unknown } | null)?.profiles;
  return Array.isArray(profiles) ? profiles.filter((p): p is string => typeof p === 'string') : [];
}

/** `services` split: those that run with the `active` profiles, and the others as "name (profiles)". */
export function byProfile(services: ServiceMap, active: Set<string>): { enabled: ServiceMap; inactive: string[] } {
  const enabled: ServiceMap = {};
  const inactive: string[] = [];
  for (const [name, def] of Object.entries(services)) {
    const profiles = profilesOf(def);
    if (profiles.length === 0 || active.has('*') || profiles.some((p) => active.has(p))) enabled[name] = def;
    else inactive.push(`${name} (${profiles.join(', ')})`);
  }
  return { enabled, inactive };
}
