import { posix } from 'node:path';
import dockerignore from '@balena/dockerignore';
import type { ComposeService } from './types.js';

type BuildSection = NonNullable<ComposeService['build']>;

/** Where Docker reads the context's ignore file: "<context>/.dockerignore" ("." → ".dockerignore"). */
export function contextDockerignorePath(context: string): string {
  return context === '.' ? '.dockerignore' : `${context}/.dockerignore`;
}

/** "<dockerfile>.dockerignore", which Docker (BuildKit) prefers over the context's one. */
export function dockerfileDockerignorePath(dockerfile: string): string {
  return `${dockerfile}.dockerignore`;
}

/**
 * The ignore file Docker uses for a build (Docker's rule: `<dockerfile>.dockerignore` next to the
 * Dockerfile wins, else `<context>/.dockerignore`), among those present in `dockerignores`.
 */
export function effectiveDockerignore(build: BuildSection, dockerignores: Record<string, string>): string | undefined {
  const specific = dockerfileDockerignorePath(build.dockerfile);
  if (Object.hasOwn(dockerignores, specific)) return specific;
  const general = contextDockerignorePath(build.context);
  return Object.hasOwn(dockerignores, general) ? general : undefined;
}

export type IgnorePredicate = (pathInContext: string) => boolean;

/** Parses a .dockerignore once; the predicate takes a path relative to the build context. */
export function compileDockerignore(content: string): IgnorePredicate {
  // CommonJS package: under NodeNext the default import is module.exports, whose `.default` is the factory.
  const ig = dockerignore.default().add(content.split(/\r?\n/));
  return (path) => ig.ignores(path);
}

/** The path of `file` relative to `context`, or undefined when the file is outside it. */
export function pathInContext(file: string, context: string): string | undefined {
  if (context === '.') return file.startsWith('../') ? undefined : file;
  if (file.length > context.length && file.startsWith(context) && file[context.length] === '/') {
    return file.slice(context.length + 1);
  }
  return undefined;
}

/** The directory of a repo-relative path ("." for the root). */
export function dirOf(path: string): string {
  return posix.dirname(path);
}
