/**
 * A one-shot service (a migrate job) that did its job: its container exited 0 and its restart
 * policy does not start it again (`no`, `on-failure`, or none, written `-`). It is neither crashed
 * nor waited for. One rule for the Apply's wait (wait-started.ts, in shell) and the verify's poll
 * (container-health.ts).
 */

/** Restart policies that leave a container stopped after it exited 0; `-`: none (empty). */
export const ONE_SHOT_POLICIES: readonly string[] = ['no', 'on-failure', '-'];

/** An exited container that finished its job (pure). */
export function hasFinished(exitCode: number | undefined, policy: string | undefined): boolean {
  return exitCode === 0 && ONE_SHOT_POLICIES.includes(policy || '-');
}

/** `finished CODE POLICY` in shell: hasFinished, exit status 0 when it did. */
export const FINISHED_SHELL: readonly string[] = [
  'finished() {',
  '  [ "$1" = 0 ] || return 1',
  `  case "$2" in ${ONE_SHOT_POLICIES.join(' | ')}) return 0 ;; *) return 1 ;; esac`,
  '}',
];
