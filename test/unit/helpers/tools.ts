/**
 * Tools that some unit and integration tests run for real (rsync, sqlite3, ssh-keygen, ...).
 * test/e2e/setup.sh installs them; `npm ci && npm test` on a machine without them skips those
 * tests loudly, and REQUIRE_E2E=1 (.ci/run) makes a missing one a failure.
 */
import { gate, onPath } from '../../e2e/harness/require.js';

/** True when every tool is on PATH (`a|b`: either one); otherwise warns that `what` is skipped. */
export function withTools(what: string, ...tools: string[]): boolean {
  const missing = tools.filter((t) => !t.split('|').some(onPath));
  return gate(`${missing.join(', ')} (for ${what})`, missing.length === 0, 'test/e2e/setup.sh installs it');
}

/** The awks a host may run our scripts with (gawk, mawk, BusyBox's), as argv; a missing one is skipped loudly. */
export function awks(what: string): string[][] {
  return [['gawk'], ['mawk'], ['busybox', 'awk']].filter(([tool]) => withTools(`${what} on ${tool}`, tool!));
}
