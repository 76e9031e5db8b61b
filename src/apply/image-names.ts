/**
 * The image ids some local image names point at, and the script that points them back (pure).
 * A build on the primary (`build.on: host`) names its images as compose does, on a live host:
 * those names are put back once the images are pushed (or the build failed), so the primary, like
 * every other host, only changes them in its own Pull phase.
 */
import { shellJoin, shellQuote } from '../transport/quote.js';

/** Prints `<id> <name>` for each name (`-` as the id of a name that names no image). */
export function imageIdsScript(names: readonly string[]): string {
  return names
    .map((n) => `printf '%s %s\\n' "$(docker image inspect -f '{{.Id}}' ${shellQuote(n)} 2>/dev/null || echo -)" ${shellQuote(n)}`)
    .join('\n');
}

/** name → image id, or null for a name that named no image. */
export function parseImageIds(stdout: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) out[line.slice(space + 1)] = line.slice(0, space) === '-' ? null : line.slice(0, space);
  }
  return out;
}

/** Each name back on its image id; a name that named nothing is removed (its image stays if another name or a container uses it). */
export function putBackNamesScript(ids: Readonly<Record<string, string | null>>): string {
  const lines = Object.entries(ids).map(([name, id]) =>
    id === null ? `${shellJoin(['docker', 'image', 'rm', name])} >/dev/null 2>&1 || true` : shellJoin(['docker', 'tag', id, name]),
  );
  return [...lines, 'exit 0'].join('\n');
}
