/**
 * Everything that differs by name between compose v1 (`docker-compose`) and v2 (`docker compose`),
 * in one place: which one a command is, and the names it gives images (`app_web` / `app-web`) and
 * containers (`app_web_1` / `app-web-1`). The deploy itself finds containers by compose's labels
 * (project-containers.ts), which are the same in both.
 */
import type { ComposeService } from '../plan/types.js';

/** Compose v1 (`docker-compose`) or v2 (`docker compose`), from the configured command. */
export function isComposeV1(command: readonly string[]): boolean {
  return command.length === 1 && /(^|\/)docker-compose$/.test(command[0] ?? '');
}

/** `up --wait` came with compose 2.1: true for a probed version from 2.1 on (never for v1 or an unknown version). */
export function composeCanWait(command: readonly string[], version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map((n) => parseInt(n, 10));
  return !isComposeV1(command) && (major > 2 || (major === 2 && minor >= 1));
}

/** "v1" or "v2", for messages and the status. */
export const composeGeneration = (command: readonly string[]): 'v1' | 'v2' => (isComposeV1(command) ? 'v1' : 'v2');

/** The project as each version spells it in names: v1 lowercases and drops all but [-_a-z0-9]. */
function nameProject(project: string, v1: boolean): string {
  return v1 ? project.toLowerCase().replace(/[^-_a-z0-9]/g, '') : project.toLowerCase();
}

/**
 * The image reference compose gives a built service: its `image:` when set, else
 * `<project>_<service>` (v1, project normalized like compose does) or `<project>-<service>` (v2).
 */
export function imageNameOf(service: ComposeService, project: string, v1: boolean): string {
  const image = service.definition.image;
  if (typeof image === 'string' && image !== '') return image;
  return `${nameProject(project, v1)}${v1 ? '_' : '-'}${service.name}`;
}

/** The name of a service's n-th container (1-based): `<project>_<service>_<n>` (v1) or `<project>-<service>-<n>` (v2). */
export function containerNameOf(project: string, service: string, index: number, v1: boolean): string {
  const sep = v1 ? '_' : '-';
  return [nameProject(project, v1), service, String(index)].join(sep);
}
