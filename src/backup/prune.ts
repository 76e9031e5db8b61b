/** The scripts of retention: list the backups dir, delete (backup + sidecar). */
import { shellQuote } from '../transport/quote.js';
import type { BackupListingEntry } from './retention.js';

/**
 * Prints `T\t<the host's clock, epoch seconds>`, then `F\t<name>` (with `sizes`: `F\t<size>\t<name>`)
 * per regular file and `V\t<name>` per sidecar declaring "verified": true.
 */
export function listingScript(dir: string, sizes = false): string {
  const file = sizes ? `printf 'F\\t%s\\t%s\\n' "$(wc -c < "$f" | tr -d ' ')" "$f"` : `printf 'F\\t%s\\n' "$f"`;
  return `cd ${shellQuote(dir)} 2>/dev/null || exit 0
printf 'T\\t%s\\n' "$(date +%s)"
for f in *; do [ -f "$f" ] && ${file}; done
for f in *.json; do
  [ -f "$f" ] && grep -Eq '"verified"[[:space:]]*:[[:space:]]*true' "$f" && printf 'V\\t%s\\n' "$f"
done
exit 0`;
}

export function parseListing(stdout: string): BackupListingEntry[] {
  const files: string[] = [];
  const verifiedSidecars = new Set<string>();
  for (const line of stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab !== 1) continue;
    const name = line.slice(2);
    if (line[0] === 'F') files.push(name);
    else if (line[0] === 'V') verifiedSidecars.add(name);
  }
  return files.filter((n) => !n.endsWith('.json')).map((name) => ({ name, verified: verifiedSidecars.has(`${name}.json`) }));
}

/** The host's clock from the listing (ms since the epoch), undefined when it printed none. */
export function parseHostTime(stdout: string): number | undefined {
  const m = /^T\t(\d+)$/m.exec(stdout);
  return m ? Number(m[1]) * 1000 : undefined;
}

/** `rm -f` of each backup and its sidecar (sidecar first: a half-deleted pair is then unverified). */
export function deleteScript(dir: string, names: string[]): string {
  const args = names.flatMap((n) => [shellQuote(`${n}.json`), shellQuote(n)]).join(' ');
  return `cd ${shellQuote(dir)} && rm -f -- ${args}`;
}
