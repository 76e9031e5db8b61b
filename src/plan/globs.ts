import picomatch from 'picomatch';

export type PathPredicate = (path: string) => boolean;

const NEVER: PathPredicate = () => false;

/**
 * Compiles glob patterns ONCE into a single predicate (any pattern matches).
 *
 * Semantics are picomatch's, with `dot: true` (".github/...", ".env" are ordinary files here), plus
 * one deliberate twist: a pattern WITHOUT "/" is matched against the basename (picomatch
 * `basename: true`), so "requirements*.txt" matches "requirements.txt" at the root and
 * "backend/requirements-dev.txt" alike, and "*.py" matches Python files at any depth. Patterns with
 * a "/" are anchored at the repo root ("**\/*.py", "docker/Dockerfile", "app/templates/**").
 */
export function compileGlobs(patterns: readonly string[]): PathPredicate {
  const anchored = patterns.filter((p) => p.includes('/'));
  const basenames = patterns.filter((p) => !p.includes('/'));
  const matchers: PathPredicate[] = [];
  if (anchored.length > 0) matchers.push(picomatch(anchored, { dot: true }));
  if (basenames.length > 0) matchers.push(picomatch(basenames, { dot: true, basename: true }));
  if (matchers.length === 0) return NEVER;
  const [first, second] = matchers;
  if (!second) return first as PathPredicate;
  return (path) => (first as PathPredicate)(path) || second(path);
}

/** The options compileGlobs gives picomatch for one pattern (for one-off matching elsewhere). */
export function globOptions(pattern: string): picomatch.PicomatchOptions {
  return pattern.includes('/') ? { dot: true } : { dot: true, basename: true };
}
