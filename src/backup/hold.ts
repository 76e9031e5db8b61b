/**
 * A hard link holding a backup while a run reads it after the deploy lock is released (the restore
 * drill, the off-site download of `backup`): a deploy that takes the lock then may delete the
 * backup's name by its retention (`keep: 1`, `daily`: its own backup is the newest of the day), not
 * its content. The link and its sidecar's are dot files, never listed as backups; removed at the end.
 */
import path from 'node:path';
import { shellQuote } from '../transport/quote.js';

/** `<dir>/.hold-<name>` next to the backup (same filesystem: a hard link). */
export function holdPath(file: string): string {
  return path.posix.join(path.posix.dirname(file), `.hold-${path.posix.basename(file)}`);
}

/**
 * Links the backup and its sidecar to their hold names. Holds a killed run left (older than a day:
 * a hard link keeps its backup's time) are removed first: each would keep a deleted backup's space.
 */
export function holdScript(file: string): string {
  const [f, h] = [shellQuote(file), shellQuote(holdPath(file))];
  const stale = `find ${shellQuote(path.posix.dirname(file))} -maxdepth 1 -name '.hold-*' -mmin +1440 -exec rm -f -- {} + 2>/dev/null`;
  return `${stale}\nln -f -- ${f} ${h} && ln -f -- ${shellQuote(`${file}.json`)} ${shellQuote(`${holdPath(file)}.json`)} || { rm -f -- ${h}; exit 1; }`;
}

/** Removes the hold (the backup stays as long as its own name does). */
export function releaseHoldScript(file: string): string {
  const h = holdPath(file);
  return `rm -f -- ${shellQuote(h)} ${shellQuote(`${h}.json`)}`;
}
