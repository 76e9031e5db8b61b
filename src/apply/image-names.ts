import type { ComposeService } from '../plan/types.js';

/** Compose v1 (`docker-compose`) or v2 (`docker compose`), from the configured command. */
export function isComposeV1(command: readonly string[]): boolean {
  return command.length === 1 && /(^|\/)docker-compose$/.test(command[0] ?? '');
}

/**
 * The image reference compose gives a built service: its `image:` when set, else
 * `<project>_<service>` (v1, project normalized like compose does) or `<project>-<service>` (v2).
 */
export function imageNameOf(service: ComposeService, project: string, v1: boolean): string {
  const image = service.definition.image;
  if (typeof image === 'string' && image !== '') return image;
  const normalized = v1 ? project.toLowerCase().replace(/[^-_a-z0-9]/g, '') : project.toLowerCase();
  return `${normalized}${v1 ? '_' : '-'}${service.name}`;
}
