import { posix } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { UserError } from '../core/errors.js';
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

/** A matcher of `lines`, every pattern compiled (the package compiles them on the first match). */
function compiledMatcher(lines: string[]): ReturnType<typeof dockerignore.default> {
  // CommonJS package: under NodeNext the default import is module.exports, whose `.default` is the factory.
  const ig = dockerignore.default().add(lines);
  ig.ignores('.');
  return ig;
}

/** The first line of `file` the matcher cannot compile ("[", "(": an invalid regular expression), as a UserError. */
function unreadableLine(lines: string[], file: string): UserError {
  const i = lines.findIndex((line) => {
    try {
      compiledMatcher([line]);
      return false;
    } catch {
      return true;
    }
  });
  return new UserError(`${file}:${i + 1}: cannot read the pattern ${JSON.stringify(lines[i])} (fix or remove that line)`, {
    file,
    line: i + 1,
  });
}

/** Parses a .dockerignore (repo-relative `file`) once; the predicate takes a path relative to the build context. */
export function compileDockerignore(content: string, file: string): IgnorePredicate {
  const lines = content.split(/\r?\n/);
  let ig: ReturnType<typeof dockerignore.default>;
  try {
    ig = compiledMatcher(lines);
  } catch {
    throw unreadableLine(lines, file);
  }
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
