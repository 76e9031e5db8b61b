/**
 * The wait after `up -d` (pure): one remote script that polls the new containers of the upped
 * services with `docker inspect` every `pollSeconds` until each runs and, when it has a
 * healthcheck, is healthy. It replaces `up --wait`, which re-reads the containers on a 0.5 s tick
 * (measured: compose 2.26 returned 0.34–0.48 s after Docker's health_status event). The verdicts
 * are the verify's (container-health.ts judgeContainers): exited, dead or unhealthy fails at once;
 * running and healthy is ready, and so is one without a healthcheck once it has run `stableSeconds`
 * without a restart (settledLines); anything else (created, restarting,
 * health starting) waits until `timeoutSeconds`. Its failure is one line on stderr, exit 1.
 *
 * While Docker says `starting`, a service with a compose healthcheck (health-probe.ts) also counts
 * as ready the first time its own check, run by `docker exec` in the container, exits 0: Docker
 * waits `interval` before its first check, and one passing check is all it asks for too. Each
 * round probes every container still starting with one `docker exec` (bounded by `timeout`) that
 * retries the check inside the container (PROBE_LOOP) rather than one `docker exec` per try: an
 * exec costs the host far more CPU than the check, and it is taken from the app that is booting
 * (measured on the real-app fixture: gunicorn answered 75 ms later with an exec per try every
 * round, 40 ms with the loop). A container without `sh` gets one plain exec per round instead.
 * The probe's output is discarded. Without `timeout` on the host the probe never passes and
 * Docker's status decides, as without a probe.
 */
import { shellQuote as q, shellJoin } from '../transport/quote.js';
import { projectContainersArgs } from './compose-command.js';
import type { HealthProbe } from './health-probe.js';
import { FINISHED_SHELL } from './one-shot.js';

// `index .State "Health"`: both the 20.10 and the 28.x client template several containers against
// raw maps, where `.State.Health` of a container without a healthcheck is an error.
const FORMAT =
  '{{index .Config.Labels "com.docker.compose.service"}} {{.Name}} {{.State.Status}} ' +
  '{{with index .State "Health"}}{{.Status}}{{else}}none{{end}} {{.State.ExitCode}} {{.RestartCount}} ' +
  // `-` for an empty name (no restart policy), so that the fields keep their places
  '{{with .HostConfig.RestartPolicy.Name}}{{.}}{{else}}-{{end}} ' +
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
 * `probe SERVICE CONTAINER TEST`: the service's healthcheck in the container, bounded, when the
 * container's own test (`TEST`, as docker inspect prints its JSON) is the compose model's, compared
 * as text (Docker's `json` leaves <, > and & as they are, like JSON.stringify); else it fails and
 * Docker decides. `ready SERVICE CONTAINER TEST`: it passed once, in this round or an earlier one
 * (remembered in $passed).
 */
function probeLines(probes: Record<string, HealthProbe>): string[] {
  const cases = Object.entries(probes).map(
    ([service, p]) =>
      `    ${q(service)}) [ "$3" = ${q(JSON.stringify(p.test))} ] && gd_probe "$2" ${p.timeoutSeconds} ${shellJoin(p.argv)} ;;`,
  );
  return [
    'passed=',
    'nosh=',
    ...probeExecLines(),
    'probe() {',
    '  case "$1" in',
    ...cases,
    '    *) return 1 ;;',
    '  esac',
    '}',
    'ready() {',
    '  case " $passed " in *" $2 "*) return 0 ;; esac',
    '  probe "$1" "$2" "$3" </dev/null >/dev/null 2>&1 || return 1',
    '  passed="$passed $2"',
    '}',
  ];
}

/**
 * In the container: the check (its argv: "$@") until it exits 0, PROBE_TRIES times at most, 0.05 s
 * apart; a `sleep` without fractions ends it after the first try (the next round tries again).
 */
export const PROBE_TRIES = 20;
export const PROBE_LOOP = `n=0; until "$@"; do n=$((n+1)); [ "$n" -lt ${PROBE_TRIES} ] && sleep 0.05 2>/dev/null || exit 1; done`;

/**
 * `gd_probe CONTAINER TIMEOUT ARGV...`: PROBE_LOOP by one `docker exec`, cut after TIMEOUT; when
 * the container cannot run `sh` (docker exec exits 126 or 127; the loop itself never does), the
 * check by itself, then and in this container's later rounds (remembered in $nosh).
 */
function probeExecLines(): string[] {
  return [
    'gd_probe() {',
    '  pc=$1 pt=$2',
    '  shift 2',
    '  case " $nosh " in',
    '    *" $pc "*) ;;',
    `    *) timeout -k 1 "$pt" docker exec "$pc" sh -c ${q(PROBE_LOOP)} sh "$@"`,
    '      case $? in 0) return 0 ;; 126 | 127) nosh="$nosh $pc" ;; *) return 1 ;; esac ;;',
    '  esac',
    '  timeout -k 1 "$pt" docker exec "$pc" "$@"',
    '}',
  ];
}

const WAIT = 'waiting="$waiting${waiting:+, }$name $status/$health"';

/**
 * The line a recording wait prints on stdout when it first sees a container running without a
 * healthcheck, or running and healthy with one: `gd-seen NAME SINCE RESTARTS`, ` h` after it for one
 * with a healthcheck.
 */
export const SEEN = 'gd-seen';

/** The line a recording wait that passed prints on stdout for each container it knows: `gd-last NAME LAST`. */
export const LAST = 'gd-last';

/**
 * A container a wait saw running without a healthcheck, or running and healthy with one (`health`):
 * since when (the host's `date +%s`), with how many restarts then; `last`: the last round of a wait
 * that saw the same count (`since` when unknown); `served`: a wait of an earlier part held it its
 * whole window (carried).
 */
export interface Seen {
  name: string;
  since: number;
  restarts: number;
  last?: number;
  served?: boolean;
  health?: boolean;
}

/** What the containers' stable window knows and does (see waitStartedScript). */
export interface StableWindow {
  /** print a SEEN line for each container first seen running without a healthcheck, or healthy */
  record?: boolean;
  /** containers an earlier wait of the same Apply saw first: their window started then */
  seen?: readonly Seen[];
}

/** What a recording wait that passed printed (its stdout), into the records `into`: the containers it first saw, and when each was last seen (LAST). */
export function noteSeen(into: Seen[], stdout: string): void {
  into.push(...seenOf(stdout));
  for (const m of stdout.matchAll(new RegExp(`^${LAST} (\\S+) (\\d+)$`, 'gm'))) {
    const c = into.find((s) => s.name === m[1]);
    if (c) c.last = Number(m[2]);
  }
}

/** The SEEN lines of a recording wait's stdout. */
export function seenOf(stdout: string): Seen[] {
  return [...stdout.matchAll(new RegExp(`^${SEEN} (\\S+) (\\d+) (\\d+)( h)?$`, 'gm'))].map((m) => ({
    name: m[1]!,
    since: Number(m[2]),
    restarts: Number(m[3]),
    ...(m[4] ? { health: true } : {}),
  }));
}

/**
 * The records of the containers the waits saw (gd_s_* since, gd_r_* restarts, gd_l_* when a round
 * last saw that count, gd_w_* served, gd_h_* with a healthcheck, gd_n_* its name; per container, in
 * variables named after it, their keys in $gd_keys) and `known NAME RESTARTS`, run on each line of a
 * round: `since` is empty for a container not seen yet; one seen whose restart count changed since
 * (Docker's restart policy restarted it, whatever its health says now) fails the wait (crashedLines).
 * `lasts`: a LAST line for each.
 */
function knownLines(seconds: number, window: StableWindow): string[] {
  const flags = (c: Seen) => `${c.served ? 'served' : "''"} ${c.health ? 'h' : "''"} ${c.last ?? c.since}`;
  return [
    `gd_key() { k=$(printf %s "$1" | tr -c 'A-Za-z0-9' _); }`,
    'gd_keys=',
    // seen NAME SINCE RESTARTS [SERVED H LAST]
    'seen() { gd_key "$1"; gd_keys="$gd_keys $k"; eval "gd_n_$k=$1 gd_s_$k=$2 gd_l_$k=${6:-$2} gd_r_$k=$3 gd_w_$k=${4-} gd_h_$k=${5-}"; }',
    `lasts() { for k in $gd_keys; do eval "echo ${LAST} \\$gd_n_$k \\$gd_l_$k"; done; }`,
    ...(window.seen ?? []).map((c) => `seen ${q(c.name)} ${c.since} ${c.restarts} ${flags(c)}`),
    ...crashedLines(seconds),
    'known() {',
    '  gd_key "$1"',
    '  eval "since=\\${gd_s_$k-} r0=\\${gd_r_$k-} last=\\${gd_l_$k-} served=\\${gd_w_$k-} hc=\\${gd_h_$k-}"',
    '  [ -n "$since" ] || return 0',
    '  [ "$2" = "$r0" ] || crashed "$1" $(( $2 - r0 ))',
    '  eval "gd_l_$k=$now"',
    '}',
    // first sighting: NAME RESTARTS [h]
    'note() {',
    '  since=$now',
    '  seen "$1" "$now" "$2" "" "${3-}"',
    ...(window.record ? [`  echo "${SEEN} $1 $now $2\${3:+ $3}"`] : []),
    '}',
  ];
}

/**
 * `crashed NAME COUNT`: the failure, worded from what the waits saw: it ran since `since` (first
 * seen), with the same restart count still at `last`, and restarted by `now`. Before the end of the
 * window when `now` is within it; after the window when `last` was past it, or the window was served
 * by an earlier part (before the tasks); else between the two, as seen.
 */
function crashedLines(seconds: number): string[] {
  return [
    'crashed() {',
    '  t=$(( now - since )) l=$(( last - since ))',
    // seen once only (or last at its first sighting): no lower bound
    `  [ "$l" = "$t" ] && between="$t s after" || { [ "$l" = 0 ] && between="at most $t s after" || between="between $l s and $t s after"; }`,
    '  if [ -n "$hc" ]; then',
    `    [ -n "$served" ] && when=${q('after a wait had seen it running and healthy, before the tasks (')} || when="$between a wait first saw it running and healthy ("`,
    `    why=${q('it has a healthcheck, which passes again after a restart')}`,
    `  elif [ -n "$served" ]; then when=${q(`after it had run ${seconds} s without one (its stable window, served before the tasks; `)}`,
    ...(seconds > 0
      ? [
          `  elif [ "$t" -le ${seconds} ]; then when=${q(`before it had run ${seconds} s (`)}`,
          `  elif [ "$l" -ge ${seconds} ]; then when=${q(`after it had run ${seconds} s without one (its stable window; `)}`,
        ]
      : []),
    '  else when="$between a wait first saw it running ("',
    '  fi',
    `  [ -n "$hc" ] || why=${q('it has no healthcheck')}`,
    '  echo "health check failed: $1 crashed: Docker restarted it $2 time(s) $when$why; health.stable_for)" >&2',
    '  exit 1',
    '}',
  ];
}

/**
 * `settled NAME RESTARTS` (after `known`): a container without a healthcheck counts as started once
 * it has run `seconds` (health.stable_for) since a wait of this Apply first saw it running (this one,
 * or an earlier one: `window.seen`) without a restart (`known` fails the wait on one; one without a
 * restart policy is seen exited). Whole seconds of `date +%s`: "more than N" is at least N s, at most
 * N+1. `seconds` 0: started at once (after recording).
 */
function settledLines(seconds: number): string[] {
  return [
    'settled() {',
    '  if [ -z "$since" ]; then',
    '    note "$1" "$2"',
    ...(seconds > 0 ? ['    return 1'] : []),
    '  fi',
    ...(seconds > 0 ? [`  [ $(( now - since )) -gt ${seconds} ]`] : []),
    '}',
  ];
}

/** A container with a healthcheck first seen healthy (or its probe passed): noted, its restart count held from then on. */
const NOTE_HEALTHY = '{ [ -n "$since" ] || note "$name" "$restarts" h; }';

const STOPPED = '{ echo "health check failed: $name is $status (exit code $code)" >&2; exit 1; }';

/** Docker says unhealthy while it restarts a container with a healthcheck that crashed: said as the crash it is. */
const RESTARTING =
  '{ echo "health check failed: $name crashed: Docker restarted it $restarts time(s) (last exit code $code; it is restarting, which Docker reports as unhealthy)" >&2; exit 1; }';

/** One round: inspect, judge each line (service name status health exit-code restarts; the first failure ends it), stop or go on. */
const round = (probing: boolean, settling: boolean, recording: boolean) => [
  `  out=$(docker inspect --format ${q(FORMAT)} $ids) || exit 1`,
  '  waiting=',
  ...(settling ? ['  now=$(date +%s)'] : []),
  '  while read -r svc name status health code restarts policy check; do',
  '    [ -n "$svc" ] || continue',
  '    name=${name#/}',
  ...(settling ? ['    known "$name" "$restarts"'] : []),
  '    case "$status/$health" in',
  `      restarting/unhealthy) ${RESTARTING} ;;`,
  '      */unhealthy) echo "health check failed: $name is unhealthy" >&2; exit 1 ;;',
  `      exited/*) finished "$code" "$policy" || ${STOPPED} ;;`,
  `      dead/*) ${STOPPED} ;;`,
  `      running/healthy) ${settling ? NOTE_HEALTHY : ''} ;;`,
  `      running/none) ${settling ? `settled "$name" "$restarts" || ${WAIT}` : ''} ;;`,
  ...(probing ? [`      running/starting) ready "$svc" "$name" "$check"${settling ? ` && ${NOTE_HEALTHY}` : ''} || ${WAIT} ;;`] : []),
  `      *) ${WAIT} ;;`,
  '    esac',
  '  done <<EOF',
  '$out',
  'EOF',
  `  [ -n "$waiting" ] || ${recording ? '{ lasts; exit 0; }' : 'exit 0'}`,
];

/**
 * Waits for the containers of `services` (compose project `project`) to be running and healthy,
 * `timeoutSeconds` (rounded up to whole seconds, at least 1; it gives up within a second after it,
 * or after a probe's timeout when one runs then). `probes`: the services' own healthchecks
 * (healthProbesOf), run while Docker says starting. `stableSeconds` (health.stable_for, whole
 * seconds): how long a container without a healthcheck must run without a restart to count as
 * started (settledLines); 0: at once. `window`: the Apply's one stable window across its waits
 * (StableWindow: record the containers first seen, or start from what earlier waits saw).
 * An exited container that exited 0 with no restart policy or `on-failure` did its job (finished).
 */
export function waitStartedScript(
  project: string,
  services: readonly string[],
  timeoutSeconds: number,
  probes: Record<string, HealthProbe> = {},
  stableSeconds = 0,
  pollSeconds = 0.1,
  window: StableWindow = {},
): string {
  const timeout = Math.max(1, Math.ceil(timeoutSeconds));
  const stable = Math.max(0, Math.ceil(stableSeconds));
  const probed = services.filter((s) => probes[s]);
  const settling = stable > 0 || window.record === true;
  return [
    `# wait-started: ${services.join(' ')}${probed.length ? ` (probing ${probed.join(' ')})` : ''}`,
    // whole seconds: one more, so that it never gives up before the timeout (at most 1 s after)
    `deadline=$(( $(date +%s) + ${timeout + 1} ))`,
    'ids=',
    ...listLines(project, services),
    ...(probed.length ? probeLines(Object.fromEntries(probed.map((s) => [s, probes[s]!]))) : []),
    ...(settling ? [...knownLines(stable, window), ...settledLines(stable)] : []),
    ...FINISHED_SHELL,
    'while :; do',
    ...round(probed.length > 0, settling, window.record === true),
    `  [ "$(date +%s)" -lt "$deadline" ] || { echo "health check timed out after ${timeout} s: $waiting" >&2; exit 1; }`,
    `  sleep ${pollSeconds} 2>/dev/null || sleep 1`,
    'done',
  ].join('\n');
}

/**
 * The restart counts of the containers of `services` as they are now, no waiting (pure): a SEEN
 * line for each one running without a healthcheck, or running and healthy with one; nothing else is
 * judged. Where no wait follows an `up` (compose v1), run after it in its round trip, so that the
 * Verify can tell a container Docker restarted since (restartedSince).
 */
export function restartCountsScript(project: string, services: readonly string[]): string {
  return [
    `# restart-counts: ${services.join(' ')}`,
    'ids=',
    ...listLines(project, services),
    'now=$(date +%s)',
    `out=$(docker inspect --format ${q(FORMAT)} $ids) || exit 1`,
    'while read -r svc name status health code restarts policy check; do',
    '  case "$status/$health" in',
    `    running/none) echo "${SEEN} \${name#/} $now $restarts" ;;`,
    `    running/healthy) echo "${SEEN} \${name#/} $now $restarts h" ;;`,
    '  esac',
    'done <<EOF',
    '$out',
    'EOF',
  ].join('\n');
}

/** The wait as a dry-run line (after its `up`); `probe`: health.probe. */
export function describeWaitStarted(services: readonly string[], timeoutSeconds: number, probe = false): string {
  const timeout = Math.max(1, Math.ceil(timeoutSeconds));
  const one = services.length === 1;
  const probing = probe
    ? `, and while Docker says starting ${one ? 'its' : 'their'} compose healthcheck, tried every 0.05 s in the container by docker exec`
    : '';
  const runs = one ? 'runs and is' : 'run and are';
  return `  (then until ${services.join(', ')} ${runs} healthy: docker inspect every 0.1 s${probing}, up to ${timeout} s)`;
}

/** health.stable_for as a dry-run's and a rollback's description knows it: seconds, and how long its wait may take. */
export interface StableDescription {
  seconds: number;
  timeoutSeconds: number;
}

/** The start's one stable window (health.stable_for) as a dry-run line, after its last `up`, over the services it started. */
export function describeStableWindow(services: readonly string[], stable: StableDescription): string {
  const timeout = Math.max(1, Math.ceil(stable.timeoutSeconds));
  return (
    `  (then one window over ${services.join(', ')}: each container without a healthcheck must run ${stable.seconds} s ` +
    `without exiting or a restart (health.stable_for), up to ${timeout} s)`
  );
}

/** The line `upThenWaitScript` prints on stdout when its `up` fails: `gd-up-failed <exit code>`. */
export const UP_FAILED = 'gd-up-failed';

/**
 * `up` and the wait after it (a waitStartedScript) in one script, one round trip instead of two.
 * The up's output (compose writes its progress to stderr) is kept aside: when it fails, it goes to
 * stderr and `UP_FAILED <code>` to stdout, and the script exits with the up's code before any wait;
 * else it is dropped, as a plain `up` run's is, and the wait's stderr is its own.
 */
export function upThenWaitScript(up: readonly string[], wait: string): string {
  const failed = `{ gd_rc=$?; [ -z "$gd_up" ] || printf '%s\\n' "$gd_up" >&2; echo "${UP_FAILED} $gd_rc"; exit $gd_rc; }`;
  return `gd_up=$(${shellJoin(up)} 2>&1) || ${failed}\n${wait}`;
}

/** The up's exit code when `upThenWaitScript` stopped at a failed up (its stdout), else undefined. */
export function upFailedCode(stdout: string): number | undefined {
  const m = new RegExp(`^${UP_FAILED} (\\d+)$`, 'm').exec(stdout);
  return m ? Number(m[1]) : undefined;
}
