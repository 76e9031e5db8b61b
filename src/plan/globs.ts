import picomatch from 'picomatch';

export type PathPredicate = (path: string) => boolean;

const NEVER: PathPredicate = () => false;

/** The options compileGlobs gives picomatch for one pattern (also for one-off matching elsewhere). */
export function globOptions(pattern: string): picomatch.PicomatchOptions {
  return pattern.includes('/') ? { dot: true } : { dot: true, basename: true };
}

/**
 * One regular expression for several picomatch patterns (each source is anchored by picomatch).
 * The `s` flag lets picomatch's `.` match a newline: git file names may contain one.
 */
function combinedRegex(patterns: readonly string[], options: picomatch.PicomatchOptions): RegExp {
  return new RegExp(patterns.map((p) => `(?:${picomatch.makeRe(p, options).source})`).join('|'), 's');
}

/**
 * Compiles glob patterns ONCE into a single predicate (true when any pattern matches).
 *
 * Semantics are picomatch's (`picomatch.isMatch(path, pattern, globOptions(pattern))` for each
 * pattern), with `dot: true` (".github/...", ".env" are ordinary files here) and one deliberate
 * twist: a pattern WITHOUT "/" is matched against the basename (picomatch `basename: true`), so
 * "requirements*.txt" matches "requirements.txt" at the root and "backend/requirements-dev.txt"
 * alike, and "*.py" matches Python files at any depth. Patterns with a "/" are anchored at the repo
 * root ("**\/*.py", "docker/Dockerfile", "app/templates/**").
 *
 * For speed, the patterns of each kind are joined into one RegExp (picomatch.makeRe sources) and
 * tested directly, keeping picomatch's shortcut that a path equal to a pattern matches.
 */
export function compileGlobs(patterns: readonly string[]): PathPredicate {
  const anchored = patterns.filter((p) => p.includes('/'));
  const basenames = patterns.filter((p) => !p.includes('/'));
  const literals = new Set(patterns);
  const anchoredRe = anchored.length > 0 ? combinedRegex(anchored, globOptions(anchored[0] as string)) : null;
  const basenameRe = basenames.length > 0 ? combinedRegex(basenames, globOptions(basenames[0] as string)) : null;
  if (!anchoredRe && !basenameRe) return NEVER;
  return (path) => {
    if (literals.has(path)) return true;
    if (anchoredRe?.test(path)) return true;
    return basenameRe !== null && basenameRe.test(path.slice(path.lastIndexOf('/') + 1));
  };
}
