/**
 * The wait after `up -d` (pure): one remote script that polls the new containers of the upped
 * services with `docker inspect` every `pollSeconds` until each runs and, when it has a
 * healthcheck, is healthy. It replaces `up --wait`, which re-reads the containers on a 0.5 s tick
 * (measured: compose 2.26 returned 0.34–0.48 s after Docker's health_status event). The verdicts
 * are the verify's (container-health.ts judgeContainers): exited, dead or unhealthy fails at once;
 * running and healthy (or without a healthcheck) is ready; anything else (created, restarting,
 * health starting) waits until `timeoutSeconds`. Its failure is one line on stderr, exit 1.
 *
 * While Docker says `starting`, a service with a compose healthcheck (health-probe.ts) also counts
 * as ready the first time its own check, run in the container, exits 0: Docker waits `interval`
 * before its first check, and one passing check is all it asks for too. The check runs in a loop
 * inside each starting container (probe-loop.ts: one `docker exec` started in the background,
 * 0.05 s between checks), while the rounds go on and are cut short when a loop ends; exited, dead
 * and unhealthy still fail at once and Docker's healthy still counts. A loop that cannot run
 * (no /bin/sh in the image, or no mktemp/mkfifo on the host) falls back to one bounded `docker
 * exec` of the check a round, as before the loop. Every way out of the script ends the loops
 * (trap; the loops' stdin is a fifo only this script writes to). Output of the checks is
 * discarded. Without `timeout` on the host the probe never passes and Docker's status decides.
 */
import { shellQuote as q, shellJoin } from '../transport/quote.js';
import { projectContainersArgs } from './compose-command.js';
import type { HealthProbe } from './health-probe.js';
import { PROBE_INTERVAL_SECONDS, PROBE_LOOP, probeLoopTries } from './probe-loop.js';

// `index .State "Health"`: both the 20.10 and the 28.x client template several containers against
// raw maps, where `.State.Health` of a container without a healthcheck is an error.
const FORMAT =
  '{{index .Config.Labels "com.docker.compose.service"}} {{.Name}} {{.State.Status}} ' +
  '{{with index .State "Health"}}{{.Status}}{{else}}none{{end}} {{.State.ExitCode}} ' +
  // last (it has spaces): the healthcheck test the container carries, compared with a probe's as text
  '{{with index .Config "Healthcheck"}}{{json .Test}}{{end}}';

/** The services' containers, listed once (the ones `up` just created or kept). */
function listLines(project: string, services: readonly string[]): string[] {
  return services.flatMap((s) => [
    `found=$(${shellJoin(projectContainersArgs(project, s))}) || exit 1`,
    `[ -n "$found" ] || { echo ${q(`service ${s} has no container after up`)} >&2; exit 1; }`,
    'ids="$ids $found"',
  ]);
}

/**
 * `probe SERVICE CONTAINER TEST [loop]`: the service's healthcheck in the container, when the
 * container's own test (`TEST`, as docker inspect prints its JSON) is the compose model's, compared
 * as text (Docker's `json` leaves <, > and & as they are, like JSON.stringify); else it fails and
 * Docker decides. Once, bounded by `timeout`; with `loop`, its loop (probe-loop.ts) is started in
 * the background instead, its verdict written to $tmp/CONTAINER.rc (the loop's `0` as soon as it
 * prints it, else docker exec's exit code), its stdin the fifo the script holds open (fd 8; fd 9
 * is the script's only writer, so the loop's stdin ends with it).
 */
function probeFunction(probes: Record<string, HealthProbe>, loopSeconds: number): string[] {
  const cases = Object.entries(probes).map(
    ([service, p]) =>
      `    ${q(service)}) [ "$3" = ${q(JSON.stringify(p.test))} ] || return 1; set -- "$2" ${p.timeoutSeconds} ${shellJoin(p.argv)} ;;`,
  );
  const loop = `docker exec -i "$c" /bin/sh -c ${q(PROBE_LOOP)} sh ${probeLoopTries(loopSeconds)} "$@"`;
  return [
    'probe() {',
    '  how=$4',
    '  case "$1" in',
    ...cases,
    '    *) return 1 ;;',
    '  esac',
    '  c=$1 t=$2; shift 2',
    '  [ -n "$how" ] || { timeout -k 1 "$t" docker exec "$c" "$@" </dev/null >/dev/null 2>&1 9>&-; return; }',
    `  { { timeout -k 1 ${loopSeconds + 1} ${loop}; echo $?; } | { read -r a; echo "$a" >"$tmp/$c.rc"; }; } <&8 8<&- 9>&- >/dev/null 2>&1 &`,
    '  bg="$bg $!"',
    '}',
  ];
}

/**
 * `ready SERVICE CONTAINER TEST`: its probe passed once, in this round or an earlier one ($passed).
 * A container seen starting the first time gets a probe loop ($looping); one whose loop ended
 * without passing (no /bin/sh in the image: docker exec's 126 or 127; its tries spent), or when
 * the script has no fifo, is probed once a round from then on ($once), as before the loop.
 */
function readyLines(): string[] {
  return [
    'passed= once= looping= bg=',
    'ready() {',
    '  case " $passed " in *" $2 "*) return 0 ;; esac',
    '  case " $once " in *" $2 "*) probe "$1" "$2" "$3" || return 1 ;; *)',
    '    case " $looping " in *" $2 "*) ;; *)',
    '      if [ -n "$fifo" ] && probe "$1" "$2" "$3" loop; then looping="$looping $2"; else once="$once $2"; fi',
    '      return 1 ;;',
    '    esac',
    '    [ -s "$tmp/$2.rc" ] || return 1',
    '    read -r rc <"$tmp/$2.rc"',
    '    l=; for x in $looping; do [ "$x" = "$2" ] || l="$l $x"; done; looping=$l',
    '    [ "$rc" = 0 ] || { once="$once $2"; return 1; } ;;',
    '  esac',
    '  passed="$passed $2"',
    '}',
  ];
}

/**
 * The private temp dir, its fifo (held open on fd 9 and 8) and the trap that ends the background
 * probes and removes the dir on any exit; without mktemp or mkfifo, no loops ($fifo empty).
 */
const SETUP = [
  'fifo=',
  'if tmp=$(mktemp -d 2>/dev/null); then',
  `  trap 'kill $bg 2>/dev/null; rm -rf "$tmp"' EXIT`,
  "  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM",
  '  ! mkfifo "$tmp/hold" 2>/dev/null || { exec 9<>"$tmp/hold" 8<"$tmp/hold"; fifo=1; }',
  'fi',
];

/** The probes' shell functions and set-up. */
function probeLines(probes: Record<string, HealthProbe>, timeout: number, pollSeconds: number): string[] {
  return [...SETUP, ...probeFunction(probes, timeout), ...readyLines(), ...napLines(pollSeconds)];
}

/**
 * Between two rounds: `pollSeconds` in sleeps of 0.02 s, cut short as soon as a probe loop has
 * ended; when every container still waiting in the last round ($rest empty) was waiting for its
 * loop, and all loops passed, it is ready then (the last round's docker inspect is at most a
 * round old, as a probe's pass was after a round's inspect before the loop).
 */
function napLines(pollSeconds: number): string[] {
  const slices = Math.max(1, Math.round(pollSeconds / 0.02));
  return [
    'passes() { for x; do [ -s "$tmp/$x.rc" ] && read -r rc <"$tmp/$x.rc" && [ "$rc" = 0 ] || return 1; done; }',
    'nap() {',
    `  [ -n "$looping" ] || { sleep ${pollSeconds} 2>/dev/null || sleep 1; return; }`,
    `  for _ in ${Array.from({ length: slices }, (_, i) => i + 1).join(' ')}; do`,
    '    sleep 0.02 2>/dev/null || { sleep 1; return; }',
    '    for x in $looping; do',
    '      [ -f "$tmp/$x.rc" ] || continue',
    '      if [ -z "$rest" ] && passes $looping; then exit 0; fi',
    '      return',
    '    done',
    '  done',
    '}',
  ];
}

const WAIT = 'waiting="$waiting${waiting:+, }$name $status/$health"';
/** With probes, a container waiting for anything but its probe loop also sets $rest. */
const WAIT_PROBING = `{ ${WAIT}; case " $looping " in *" $name "*) ;; *) rest=1 ;; esac; }`;

/** One round: inspect, judge each line (service name status health exit-code; the first failure ends it), stop or go on. */
const round = (probing: boolean) => [
  `  out=$(docker inspect --format ${q(FORMAT)} $ids) || exit 1`,
  probing ? '  waiting= rest=' : '  waiting=',
  '  while read -r svc name status health code check; do',
  '    [ -n "$svc" ] || continue',
  '    name=${name#/}',
  '    case "$status/$health" in',
  '      */unhealthy) echo "health check failed: $name is unhealthy" >&2; exit 1 ;;',
  '      exited/* | dead/*) echo "health check failed: $name is $status (exit code $code)" >&2; exit 1 ;;',
  '      running/healthy | running/none) ;;',
  ...(probing ? [`      running/starting) ready "$svc" "$name" "$check" || ${WAIT_PROBING} ;;`] : []),
  `      *) ${probing ? WAIT_PROBING : WAIT} ;;`,
  '    esac',
  '  done <<EOF',
  '$out',
  'EOF',
  '  [ -n "$waiting" ] || exit 0',
];

/**
 * Waits for the containers of `services` (compose project `project`) to be running and healthy,
 * `timeoutSeconds` (rounded up to whole seconds, at least 1; it gives up within a second after it,
 * or after a probe's timeout when one runs then). `probes`: the services' own healthchecks
 * (healthProbesOf), run while Docker says starting.
 */
export function waitStartedScript(
  project: string,
  services: readonly string[],
  timeoutSeconds: number,
  probes: Record<string, HealthProbe> = {},
  pollSeconds = 0.1,
): string {
  const timeout = Math.max(1, Math.ceil(timeoutSeconds));
  const probed = services.filter((s) => probes[s]);
  return [
    `# wait-started: ${services.join(' ')}${probed.length ? ` (probing ${probed.join(' ')})` : ''}`,
    // whole seconds: one more, so that it never gives up before the timeout (at most 1 s after)
    `deadline=$(( $(date +%s) + ${timeout + 1} ))`,
    'ids=',
    ...listLines(project, services),
    ...(probed.length ? probeLines(Object.fromEntries(probed.map((s) => [s, probes[s]!])), timeout, pollSeconds) : []),
    'while :; do',
    ...round(probed.length > 0),
    `  [ "$(date +%s)" -lt "$deadline" ] || { echo "health check timed out after ${timeout} s: $waiting" >&2; exit 1; }`,
    probed.length ? '  nap' : `  sleep ${pollSeconds} 2>/dev/null || sleep 1`,
    'done',
  ].join('\n');
}

/** The wait as a dry-run line (after its `up`); `probe`: health.probe. */
export function describeWaitStarted(services: readonly string[], timeoutSeconds: number, probe = false): string {
  const timeout = Math.max(1, Math.ceil(timeoutSeconds));
  const probing = probe
    ? `, and while Docker says starting their compose healthcheck in the container every ${PROBE_INTERVAL_SECONDS} s`
    : '';
  return `  (then until ${services.join(', ')} run and are healthy: docker inspect every 0.1 s${probing}, up to ${timeout} s)`;
}
