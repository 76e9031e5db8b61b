/**
 * rsync's exclude matching, for uploads that do not go through rsync (pure): which paths of a tree
 * an rsync of it with `--exclude=<pattern>` rules would leave out. Rules of rsync(1) "PATTERN
 * MATCHING RULES": a leading "/" anchors at the tree's root, a trailing "/" matches directories
 * only, "dir/***" is the directory and all below it; a pattern with an inner "/" or a "**" is
 * matched against the whole path (unanchored: its trailing components; with a leading double star
 * and slash, also at the top), else against the name; "*" and "?" stop at "/", "**" does not;
 * a backslash escapes only when the pattern has wildcards. A recursive rsync tests every directory
 * before what it holds: a path is left out when it or any of its ancestors (as a directory)
 * matches. test/unit/sync-diff-upload.test.ts checks these against rsync's own decisions.
 */

interface Compiled {
  re: RegExp;
  dirOnly: boolean;
}

/** One glob (rsync wildmatch) as a regular expression source. */
function globSource(glob: string): string {
  const wild = /[*?[]/.test(glob);
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && wild && i + 1 < glob.length) out += escapeRe(glob[++i]!);
    else if (c === '*' && glob[i + 1] === '*') {
      while (glob[i + 1] === '*') i++;
      out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `(?!/)[${body}]`;
        i = end;
      }
    } else out += escapeRe(c);
  }
  return out;
}

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** An rsync exclude pattern, compiled. */
export function compileExclude(pattern: string): Compiled {
  let p = pattern;
  let dirOnly = false;
  if (p.endsWith('/***')) {
    p = p.slice(0, -4);
    dirOnly = true;
  } else if (p.endsWith('/')) {
    p = p.replace(/\/+$/, '');
    dirOnly = true;
  }
  const anchored = p.startsWith('/');
  if (anchored) p = p.replace(/^\/+/, '');
  // unanchored: the pattern's components at the end of the path (a name without "/" its last one);
  // a leading double star and slash of an unanchored pattern also match nothing (rsync tries it without them)
  const top = !anchored && p.startsWith('**/');
  const source = top ? `(?:.*/)?${globSource(p.replace(/^\*\*\/+/, ''))}` : globSource(p);
  return { re: new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}$`, 's'), dirOnly };
}

/**
 * The predicate of a list of rsync exclude patterns: whether an rsync with them leaves `path`
 * (relative, "/"-separated) out, because the path itself (a directory when `isDir`) or one of its
 * ancestors matches one of them.
 */
export function excludeMatcher(patterns: readonly string[]): (path: string, isDir: boolean) => boolean {
  const rules = patterns.map(compileExclude);
  return (path, isDir) => {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      const dir = i < parts.length || isDir;
      if (rules.some((r) => (!r.dirOnly || dir) && r.re.test(sub))) return true;
    }
    return false;
  };
}
