/**
 * The wait after `up -d` (pure): one remote script that polls the new containers of the upped
 * services with `docker inspect` every `pollSeconds` until each runs and, when it has a
 * healthcheck, is healthy. It replaces `up --wait`, which re-reads the containers on a 0.5 s tick
 * (measured: compose 2.26 returned 0.34–0.48 s after Docker's health_status event). The verdicts
 * are the verify's (container-health.ts judgeContainers): exited, dead or unhealthy fails at once;
 * running and healthy (or without a healthcheck) is ready; anything else (created, restarting,
 * health starting) waits until `timeoutSeconds`. Its failure is one line on stderr, exit 1.
 */
import { shellQuote as q, shellJoin } from '../transport/quote.js';
import { projectContainersArgs } from './compose-command.js';

// `index .State "Health"`: both the 20.10 and the 28.x client template several containers against
// raw maps, where `.State.Health` of a container without a healthcheck is an error.
const FORMAT =
  '{{index .Config.Labels "com.docker.compose.service"}} {{.Name}} {{.State.Status}} ' +
  '{{with index .State "Health"}}{{.Status}}{{else}}none{{end}} {{.State.ExitCode}}';

/** The services' containers, listed once (the ones `up` just created or kept). */
function listLines(project: string, services: readonly string[]): string[] {
  return services.flatMap((s) => [
    `found=$(${shellJoin(projectContainersArgs(project, s))}) || exit 1`,
    `[ -n "$found" ] || { echo ${q(`service ${s} has no container after up`)} >&2; exit 1; }`,
    'ids="$ids $found"',
  ]);
}

/** One round: inspect, judge each line (service name status health exit-code; the first failure ends it), stop or go on. */
const ROUND = [
  `  out=$(docker inspect --format ${q(FORMAT)} $ids) || exit 1`,
  '  waiting=',
  '  while read -r svc name status health code; do',
  '    [ -n "$svc" ] || continue',
  '    name=${name#/}',
  '    case "$status/$health" in',
  '      */unhealthy) echo "health check failed: $name is unhealthy" >&2; exit 1 ;;',
  '      exited/* | dead/*) echo "health check failed: $name is $status (exit code $code)" >&2; exit 1 ;;',
  '      running/healthy | running/none) ;;',
  '      *) waiting="$waiting${waiting:+, }$name $status/$health" ;;',
  '    esac',
  '  done <<EOF',
  '$out',
  'EOF',
  '  [ -n "$waiting" ] || exit 0',
];

/**
 * Waits for the containers of `services` (compose project `project`) to be running and healthy,
 * `timeoutSeconds` (rounded up to whole seconds, at least 1; it gives up within a second after it).
 */
export function waitStartedScript(project: string, services: readonly string[], timeoutSeconds: number, pollSeconds = 0.1): string {
  const timeout = Math.max(1, Math.ceil(timeoutSeconds));
  return [
    `# wait-started: ${services.join(' ')}`,
    // whole seconds: one more, so that it never gives up before the timeout (at most 1 s after)
    `deadline=$(( $(date +%s) + ${timeout + 1} ))`,
    'ids=',
    ...listLines(project, services),
    'while :; do',
    ...ROUND,
    `  [ "$(date +%s)" -lt "$deadline" ] || { echo "health check timed out after ${timeout} s: $waiting" >&2; exit 1; }`,
    `  sleep ${pollSeconds} 2>/dev/null || sleep 1`,
    'done',
  ].join('\n');
}

/** The wait as a dry-run line (after its `up`). */
export function describeWaitStarted(services: readonly string[], timeoutSeconds: number): string {
  const timeout = Math.max(1, Math.ceil(timeoutSeconds));
  return `  (then until ${services.join(', ')} run and are healthy: docker inspect every 0.1 s, up to ${timeout} s)`;
}
