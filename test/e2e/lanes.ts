/**
 * e2e lanes: `npm test` (scripts/run-tests.js) runs the e2e files in two lanes at the same time,
 * then the files that must run alone. Every e2e file makes its own names, ports, sshd, Apache,
 * databases and network namespaces, so two files can share the machine; the files listed in ALONE
 * assert an upper time bound, measure downtime, or depend on timing that a second file's load
 * would skew, and run after the lanes, one at a time.
 *
 * The two lanes are balanced by the seconds each file took in a past run (durations.json; a file
 * missing from it counts DEFAULT_SECONDS). Pure: the vitest config passes the file names in.
 */

export type Lane = '1' | '2' | 'alone';

export const LANES: readonly Lane[] = ['1', '2', 'alone'];

/** Files (basename without `.e2e.test.ts`) that run alone, and why. */
export const ALONE: Readonly<Record<string, string>> = {
  'swarm-edges': 'Verify of a pruned service must end within 25 s',
  'swarm-global-node-down': 'swarm must mark the cut node down within the 45 s health timeout',
  'rolling-hosts': '3 dockerd hosts; a link cut must be detected within 60 s',
  'harness-netns': 'a link cut must be detected within 30 s',
  'fault-matrix': 'each fault must fail the run within a bound',
  'key-never-on-disk': 'killed processes must be gone within a bound',
  'ssh-transport': 'a stalled connection must fail within 25 s',
  'wait-probe': 'probes must answer within 10 s',
  'deploy-races': 'compares the durations of two concurrent runs',
  'deploy-lock': 'waits tied to lock_ttl and the holder heartbeat',
  'realapp-deploy': 'polls the site during the deploy and counts failed requests',
  'realapp-zero-downtime': 'polls the site during the deploy and counts failed requests',
};

export const DEFAULT_SECONDS = 30;

const SUFFIX = '.e2e.test.ts';

function stem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.endsWith(SUFFIX) ? base.slice(0, -SUFFIX.length) : base;
}

/**
 * Assigns each file to a lane: ALONE files to 'alone', the rest to lane 1 or 2, longest first,
 * each to the lane with less work so far (ties: lane 1, then by name, so the result is stable).
 */
export function assignLanes(files: readonly string[], seconds: Readonly<Record<string, number>>): Map<string, Lane> {
  const lanes = new Map<string, Lane>();
  const cost = (f: string): number => seconds[stem(f)] ?? DEFAULT_SECONDS;
  const shared = [...files]
    .filter((f) => {
      if (stem(f) in ALONE) lanes.set(f, 'alone');
      return !lanes.has(f);
    })
    .sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
  const load = { '1': 0, '2': 0 };
  for (const f of shared) {
    const lane = load['1'] <= load['2'] ? '1' : '2';
    lanes.set(f, lane);
    load[lane] += cost(f);
  }
  return lanes;
}

/** The files of one lane, in the order given. */
export function laneFiles(lane: Lane, files: readonly string[], seconds: Readonly<Record<string, number>>): string[] {
  const lanes = assignLanes(files, seconds);
  return files.filter((f) => lanes.get(f) === lane);
}

/** The lane named by GITOPS_E2E_LANE, or undefined (all e2e files, one at a time). */
export function laneFromEnv(value: string | undefined): Lane | undefined {
  if (value === undefined || value === '') return undefined;
  if ((LANES as readonly string[]).includes(value)) return value as Lane;
  throw new Error(`GITOPS_E2E_LANE must be one of ${LANES.join(', ')}; got "${value}"`);
}
