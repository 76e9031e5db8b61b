import { contextDockerignorePath, dirOf, dockerfileDockerignorePath, effectiveDockerignore } from './dockerignore.js';
import type { PathPredicate } from './globs.js';
import type { ComposeModel } from './types.js';

/**
 * A .dockerignore that Docker will not read: it sits next to a service's Dockerfile but is neither
 * `<dockerfile>.dockerignore` nor `<context>/.dockerignore` of that service (typically
 * docker/.dockerignore with `context: ..`). Files that some service does read are never reported.
 */
export function unreadDockerignoreWarnings(model: ComposeModel, dockerignores: Record<string, string>): string[] {
  const builds = Object.values(model.services).flatMap((s) => (s.build ? [{ name: s.name, build: s.build }] : []));
  const used = new Set(
    builds.flatMap(({ build }) => [dockerfileDockerignorePath(build.dockerfile), contextDockerignorePath(build.context)]),
  );
  // one warning per (ignore file, context, Dockerfile), naming every service built that way
  const grouped = new Map<string, { head: string; services: string[]; tail: string }>();
  for (const file of Object.keys(dockerignores).sort()) {
    if (used.has(file)) continue;
    for (const { name, build } of builds) {
      if (dirOf(file) !== dirOf(build.dockerfile)) continue;
      const key = `${file}\0${build.context}\0${build.dockerfile}`;
      const effective = effectiveDockerignore(build, dockerignores);
      const entry = grouped.get(key) ?? {
        head: `${file} is not read when building`,
        services: [],
        tail:
          `(context "${build.context}", Dockerfile ${build.dockerfile}): ` +
          `Docker reads ${dockerfileDockerignorePath(build.dockerfile)}, else ${contextDockerignorePath(build.context)} ` +
          `(${effective ? `currently ${effective}` : 'neither exists, nothing is excluded'})`,
      };
      entry.services.push(`"${name}"`);
      grouped.set(key, entry);
    }
  }
  return [...grouped.values()].map((g) => `${g.head} ${g.services.length > 1 ? 'services' : 'service'} ${g.services.join(', ')} ${g.tail}`);
}

export interface NamedPaths {
  label: string;
  paths: string[];
  match: PathPredicate;
}

/** Rules/tasks whose `paths` match no tracked file: a typo, or a path that moved. */
export function neverMatchingWarnings(items: NamedPaths[], trackedFiles: readonly string[]): string[] {
  return items
    .filter((item) => item.paths.length > 0 && !trackedFiles.some((f) => item.match(f)))
    .map((item) => `${item.label}: paths never match any tracked file (${item.paths.join(', ')})`);
}

/**
 * Interpolations the planner could not resolve from the compose `.env` at `to` (`${VAR?err}` with
 * VAR missing, a malformed `${...}`): compose on the host may still resolve them from its shell.
 */
export function unresolvedWarnings(model: ComposeModel, dotEnv: string): string[] {
  if (!model.unresolved) return [];
  return [
    `compose interpolation: ${model.unresolved.join(', ')} not resolved from ${dotEnv}; ` +
      'planned on the text as written (a change to it still counts), the host environment must provide the value',
  ];
}

/** Services of profiles the compose `.env` does not enable: compose leaves them out, so does the plan. */
export function inactiveProfileWarnings(model: ComposeModel, dotEnv: string): string[] {
  if (!model.inactive) return [];
  return [
    `compose profiles: ${model.inactive.join(', ')} left out, as \`docker compose up\` leaves them out: ` +
      `no profile of theirs is in COMPOSE_PROFILES of ${dotEnv} (a deploy names the services it starts, and compose starts a named one whatever its profiles)`,
  ];
}
