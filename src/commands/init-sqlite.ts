/**
 * The SQLite database of a compose service that no settings file names (a non-Django app: FastAPI,
 * Flask, Node): a `sqlite:///...` URL the service is given (its compose environment, its env files,
 * else a default in its code), resolved in its container (relative to its working directory, as
 * SQLAlchemy does) and mapped through its bind mounts to a path the host keeps (`shared`). Pure:
 * facts in, the backup section (or a todo line saying why there is none) out.
 */
import { posix } from 'node:path';
type Yaml = Record<string, unknown>;

/** A SQLite URL as found: the URL and where (`DATABASE_URL in apps/api/.env.docker`). */
export interface SqliteUrl {
  url: string;
  from: string;
}

/** A bind mount of a compose service: its repo-relative source, its path in the container. */
export interface BindMount {
  source: string;
  target: string;
}

/** What this file needs of a compose service (init-scan.ts ServiceFacts). */
interface SqliteService {
  name: string;
  mounts?: BindMount[];
  sqlite?: SqliteUrl[];
  workdir?: string;
}

/** A SQLite URL in text: `sqlite:///rel.db`, `sqlite+aiosqlite:////abs/x.db` (no `:memory:`). */
export const SQLITE_URL = /sqlite(?:\+[a-z0-9]+)?:\/\/\/(?!:memory:)[^\s"'`?#]+/i;

/** The file a SQLite URL names inside the container: absolute (`////abs`) or relative to `workdir`. */
export function sqliteFileOf(url: string, workdir = '/'): string | undefined {
  const rest = /^[^:]+:\/\/\/(.+)$/.exec(url)?.[1];
  return rest ? posix.resolve(workdir, rest) : undefined;
}

/** The last WORKDIR of a Dockerfile's last stage (`/` after each FROM); undefined when it uses a variable. */
export function dockerfileWorkdir(text: string): string | undefined {
  let dir: string | undefined = '/';
  for (const line of text.split('\n')) {
    const m = /^\s*(FROM|WORKDIR)\s+(\S+)/i.exec(line);
    if (!m) continue;
    if (m[1]!.toUpperCase() === 'FROM') dir = '/';
    else dir = dir === undefined || m[2]!.includes('$') ? undefined : posix.resolve(dir, m[2]!);
  }
  return dir;
}

const inShared = (shared: readonly string[], path: string): boolean =>
  shared.some((p) => p === path || (p.endsWith('/') && path.startsWith(p)));

/** The host path of `file` through the service's bind mounts (repo-relative), when one covers it. */
function hostPathOf(s: SqliteService, file: string): string | undefined {
  const mount = (s.mounts ?? []).find((m) => file === m.target || file.startsWith(`${m.target.replace(/\/$/, '')}/`));
  return mount ? posix.join(mount.source, posix.relative(mount.target, file)) : undefined;
}

function serviceSqlite(s: SqliteService, shared: readonly string[], todo: string[]): Yaml | undefined {
  const found = s.sqlite?.[0];
  const file = found && sqliteFileOf(found.url, s.workdir);
  if (!found || !file) return undefined;
  const host = hostPathOf(s, file);
  const where = `the ${s.name} service keeps its SQLite database ${file} (${found.from})`;
  if (!host) {
    todo.push(
      `${where} inside its container, on no bind mount: it is lost when the container is recreated, and init proposes no backup for it; ` +
        `bind-mount its directory (./data:${posix.dirname(file)}), then add targets.production.backup {engine: sqlite, path: shared/<that directory>/${posix.basename(file)}}`,
    );
    return undefined;
  }
  if (!inShared(shared, host)) {
    todo.push(
      `${where} in ${host}, which the repository holds (not shared): each release would start from the committed file; init proposes no backup for it`,
    );
    return undefined;
  }
  todo.push(`check targets.production.backup: ${where}, on the host at <path>/shared/${host}`);
  return { engine: 'sqlite', path: `shared/${host}`, keep: 10 };
}

/** The backup of the first service's SQLite database that the host keeps; todo lines for those it cannot back up. */
export function sqliteBackup(services: readonly SqliteService[], shared: readonly string[], todo: string[]): Yaml | undefined {
  for (const s of services) {
    const backup = serviceSqlite(s, shared, todo);
    if (backup) return backup;
  }
  return undefined;
}
