import { posix } from 'node:path';

/** More symlinks than this on one path: a loop (Linux gives up at 40 too). */
const MAX_HOPS = 40;

/**
 * The repo path that `path` designates on the host once its symlinks are followed (`links`:
 * repo-relative symlink path → its target as stored), as the kernel does for a bind-mount source
 * and compose for an env_file. Undefined when no symlink is involved, or it leaves the repository
 * (absolute target, "../" past the root) or loops.
 */
export function resolveSymlinks(path: string, links: Readonly<Record<string, string>>): string | undefined {
  let rest = path.split('/');
  let done = '';
  let hops = 0;
  while (rest.length > 0) {
    const [part, ...tail] = rest as [string, ...string[]];
    const next = done === '' ? part : `${done}/${part}`;
    const target = Object.hasOwn(links, next) ? links[next] : undefined;
    if (target === undefined) {
      done = next;
      rest = tail;
      continue;
    }
    if (++hops > MAX_HOPS || target.startsWith('/')) return undefined;
    const joined = posix.normalize(posix.join(done === '' ? '.' : done, target));
    if (joined === '..' || joined.startsWith('../')) return undefined;
    done = '';
    rest = [...(joined === '.' ? [] : joined.split('/')), ...tail];
  }
  return hops === 0 ? undefined : done || '.';
}
