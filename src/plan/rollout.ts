/**
 * `compose.services.<name>.rollout: start-first`: which services of a plan use it, and the checks
 * that need the compose model (a beat by its command, a fixed host port, the host's network, a fixed
 * container name, a network other services join, an unknown service).
 */
import type { ComposeModel, ComposeService, PlannerConfig } from './types.js';

/** A Celery beat by its command: `celery ... beat`, or a worker with an embedded beat (`-B`, `--beat`). */
const BEAT_COMMAND = /\bcelery\b.*(\sbeat\b|\s-B\b|\s--beat\b)/;

function commandText(service: ComposeService): string {
  const parts = [service.definition.entrypoint, service.definition.command].flatMap((c) => (Array.isArray(c) ? c : c == null ? [] : [c]));
  return parts.map(String).join(' ');
}

/** The host port of one `ports` entry when it is fixed ("8000:80", "127.0.0.1:8000:80", {published: 8000}); else undefined. */
export function fixedHostPort(entry: unknown): string | undefined {
  if (typeof entry === 'number') return undefined;
  if (typeof entry === 'object' && entry !== null) {
    const published = (entry as { published?: unknown }).published;
    return published === undefined || published === null || published === '' ? undefined : String(published);
  }
  if (typeof entry !== 'string') return undefined;
  const spec = entry.replace(/\/(tcp|udp|sctp)$/, '');
  const hostSide = spec.includes(':') ? spec.slice(0, spec.lastIndexOf(':')) : '';
  const port = hostSide.slice(hostSide.lastIndexOf(':') + 1);
  return port === '' ? undefined : port;
}

/** Services whose rollout is start-first in the config, sorted. */
export function startFirstConfigured(config: Pick<PlannerConfig, 'compose'>): string[] {
  return Object.entries(config.compose.services ?? {})
    .filter(([, o]) => o.rollout === 'start-first')
    .map(([name]) => name)
    .sort();
}

/** Errors of start-first services given the compose model at `to` (the config schema already refused beats by name). */
export function rolloutIssues(config: Pick<PlannerConfig, 'compose'>, model: ComposeModel): string[] {
  const errors: string[] = [];
  for (const name of startFirstConfigured(config)) {
    const where = `compose.services.${name}.rollout`;
    const service = model.services[name];
    if (!service) {
      errors.push(`${where}: unknown service "${name}" (services: ${Object.keys(model.services).sort().join(', ') || 'none'})`);
      continue;
    }
    if (BEAT_COMMAND.test(commandText(service)))
      errors.push(
        `${where}: start-first is refused for "${name}": its command runs a Celery beat, and two beats would run every scheduled task twice`,
      );
    const ports = Array.isArray(service.definition.ports) ? service.definition.ports : [];
    const fixed = ports.map(fixedHostPort).filter((p): p is string => p !== undefined);
    if (fixed.length > 0)
      errors.push(
        `${where}: start-first is refused for "${name}": it publishes the fixed host port ${fixed.join(', ')}, which the old and the new container cannot both bind (publish it through a proxy service, or leave the host port out)`,
      );
    if (service.definition.network_mode === 'host')
      errors.push(
        `${where}: start-first is refused for "${name}": it sets network_mode: host, so the old and the new container would share the host's ports and the new one could not bind the port the old one listens on (put it on a compose network behind a proxy)`,
      );
    const joiners = Object.values(model.services)
      .filter((other) => other.definition.network_mode === `service:${name}`)
      .map((other) => other.name)
      .sort();
    if (joiners.length > 0)
      errors.push(
        `${where}: start-first is refused for "${name}": ${joiners.join(', ')} ${joiners.length > 1 ? 'join' : 'joins'} its network (network_mode: service:${name}) and would lose it when the old container is removed`,
      );
    const containerName = service.definition.container_name;
    if (typeof containerName === 'string' && containerName !== '')
      errors.push(
        `${where}: start-first is refused for "${name}": it sets container_name: ${containerName}, and Docker cannot run the old and the new container under one name (compose refuses to scale it; remove container_name)`,
      );
  }
  return errors;
}
