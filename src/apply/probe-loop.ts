/**
 * A service's healthcheck run in a loop inside its container (pure): the wait after `up`
 * (wait-started.ts) starts it once per starting container, with one `docker exec -i`, instead of
 * one `docker exec` per round (measured: 0.14–0.16 s each on a 2-core host, which paced the rounds
 * and delayed noticing a passing check by about 0.3 s on average).
 *
 * `/bin/sh -c PROBE_LOOP sh TRIES ARGV...` runs ARGV (the check, output discarded) until it exits
 * 0 (the loop prints `0`, its only output, at once: the host need not wait for docker exec to
 * end, measured 20–80 ms, and exits 0) or TRIES checks failed (exit 1), PROBE_INTERVAL_SECONDS apart (TRIES ×
 * that interval ≤ the wait's timeout: probeLoopTries). A watcher in the background reads the
 * loop's stdin: when it ends (the host's `docker exec` is killed or the wait's end closes the
 * pipe behind it, and Docker then closes the process's stdin) it kills the loop, so nothing keeps
 * checking in the container once the wait is over; killing `docker exec` on the host alone would
 * not stop it. A check that hangs is not cut in the container (the image may have no `timeout`):
 * the host side bounds the whole `docker exec`.
 */

/** Seconds between two checks of the loop. */
export const PROBE_INTERVAL_SECONDS = 0.05;

/** The in-container loop ($1: tries; then the check's argv); a `sleep` of whole seconds only counts as 20 tries. */
export const PROBE_LOOP = [
  'n=$1; shift',
  'exec 8<&0',
  '{ while read -r _; do :; done; kill $$; } <&8 >/dev/null 2>&1 &',
  'w=$!',
  'exec 8<&-',
  'while [ "$n" -gt 0 ]; do',
  '  if "$@" </dev/null >/dev/null 2>&1; then kill $w; echo 0; exit 0; fi',
  '  n=$((n - 1))',
  `  sleep ${PROBE_INTERVAL_SECONDS} 2>/dev/null || { sleep 1; n=$((n - ${Math.round(1 / PROBE_INTERVAL_SECONDS) - 1})); }`,
  'done',
  'kill $w',
  'exit 1',
].join('\n');

/** Tries of a loop that may run for `timeoutSeconds` of intervals (at least 1). */
export function probeLoopTries(timeoutSeconds: number): number {
  return Math.max(1, Math.floor(timeoutSeconds / PROBE_INTERVAL_SECONDS));
}
