import type { ComposeService } from './types.js';

/** The image name `image:` (or a Dockerfile `FROM`) gives, with Docker's implied `:latest` when it has no tag or digest. */
export function imageKey(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return undefined;
  const name = image.slice(image.lastIndexOf('/') + 1);
  return name.includes(':') || name.includes('@') ? image : `${image}:latest`;
}

/**
 * The names a built service's image gets: its `image:`, else (with the compose `project`) the name
 * compose gives it, `<project>-<service>` (v2) or `<project>_<service>` (v1), which a Dockerfile may `FROM`.
 */
export function builtImageKeys(s: ComposeService, project: string | undefined): string[] {
  const named = imageKey(s.definition.image);
  if (named !== undefined) return [named];
  if (project === undefined) return [];
  return [`${project}-${s.name}`, `${project}_${s.name}`].flatMap((n) => imageKey(n) ?? []);
}
