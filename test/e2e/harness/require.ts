/**
 * Gate for e2e tests. Without REQUIRE_E2E=1 a missing component skips the suite with a loud line;
 * with REQUIRE_E2E=1 (set by .ci/run) it fails the run.
 */
import { spawnSync } from 'node:child_process';

export const REQUIRE_E2E = process.env.REQUIRE_E2E === '1';

/** True when `name` is a command on PATH. */
export const onPath = (name: string): boolean => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;

/** Returns true when the suite may run; otherwise skips loudly or throws under REQUIRE_E2E. */
export function gate(component: string, available: boolean, hint = 'run test/e2e/setup.sh as root'): boolean {
  if (available) return true;
  const msg = `e2e: ${component} is not available (${hint})`;
  if (REQUIRE_E2E) throw new Error(`${msg}; REQUIRE_E2E=1 makes this a failure`);
  console.warn(`\n*** SKIPPED e2e suite: ${msg}. Set REQUIRE_E2E=1 to make this fail. ***\n`);
  return false;
}
