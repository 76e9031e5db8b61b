/**
 * The steps a compose deploy and a compose rollback share, in one place: start a part of the plan
 * and wait until it is healthy, run the tasks, verify. What the start proved healthy (the wait after
 * `up`, a start-first replacement's wait) is kept in `d.proven` and not polled again by the verify;
 * tasks run inside the services, so after them everything is verified again.
 */
import { recheckCarried, runTasks, startServices, upWaitSeconds } from '../../apply/apply-plan.js';
import type { FirstScript } from '../../apply/first-script.js';
import { composeLogsArgs, withoutEraseLine } from '../../apply/compose-logs.js';
import { forcedRecreates } from '../../plan/force-recreate.js';
import type { Plan } from '../../plan/types.js';
import { verifyCompose } from '../../verify/compose-health.js';
import { DIAGNOSIS_LINES, withLogsOnFailure, type LogSource } from '../diagnose.js';
import type { ComposeRun } from './run.js';

const touchedOf = (plan: Plan): string[] => [...new Set([...plan.build, ...plan.recreate, ...plan.restart])].sort();

/** `compose logs --tail 100` of each service the plan touched. */
const serviceLogs = (d: ComposeRun, plan: Plan) => (): LogSource[] =>
  touchedOf(plan).map((service) => {
    const argv = composeLogsArgs(d.inv, { service, tail: DIAGNOSIS_LINES });
    const read = async () => {
      const r = await d.s.conn.exec.run(argv, { allowFailure: true });
      return { ...r, stdout: withoutEraseLine(r.stdout), stderr: withoutEraseLine(r.stderr) };
    };
    return { title: `compose logs --tail ${DIAGNOSIS_LINES} ${service}`, read };
  });

/**
 * Starts `part` and waits until it is healthy: after each `up` when the host's compose has `up --wait`
 * (wait-started.ts; else the verify polls), start-first services waited for as they are replaced; the logs of its services
 * when it fails. `forceRecreate`, `settled`: see startServices; the plan's recreates compose cannot
 * see (an inline config's new content, forcedRecreates) are forced too. `first`: a script run on the
 * host before the part's first command, in that command's round trip (ApplyContext.first). The parts
 * of one run share their stable window's containers (`d.carry`): the held part's window (after the
 * tasks) holds the first part's containers too, so that one that crashed while the tasks ran fails it.
 */
export async function startPart(
  d: ComposeRun,
  part: Plan,
  given: readonly string[] = [],
  settled?: () => void,
  first?: FirstScript,
): Promise<void> {
  d.carry ??= { services: [], seen: [] };
  const forceRecreate = [...new Set([...given, ...forcedRecreates(part)])];
  const { health } = d.target;
  const overlapMs = Object.fromEntries(Object.entries(d.s.config.compose.services).map(([s, o]) => [s, o.overlap]));
  const rollout = { timeoutMs: health.timeout, overlapMs };
  const proven = await withLogsOnFailure(d.s, serviceLogs(d, part), () =>
    startServices({ ...d.apply, first, carry: d.carry }, d.inv, part, upWaitSeconds(d.inv, health), rollout, forceRecreate, settled),
  );
  for (const service of proven) d.proven.add(service);
}

/**
 * The planned tasks, inside the services: what the start proved is verified again after them, and
 * the containers of its stable window held again (Carry.recheck) by the next start or the verify.
 */
export function runPlannedTasks(d: ComposeRun, plan: Plan): Promise<void> {
  d.proven.clear();
  if (d.carry) d.carry.recheck = true;
  return runTasks(d.apply, d.inv, plan, d.s.config.tasks);
}

/**
 * Health of the services the plan touched that the start did not prove (what it read is kept in
 * `d.seen`), then the URL; their logs when it fails. When the tasks ran after the last start, the
 * containers of its stable window are held again first (recheckCarried): one restarted meanwhile fails;
 * without a window, the Verify's poll compares the restart counts the waits after each `up` saw.
 */
export async function verify(d: ComposeRun, plan: Plan): Promise<void> {
  const unproven = touchedOf(plan).filter((service) => !d.proven.has(service));
  const wait = upWaitSeconds(d.inv, d.target.health);
  d.seen = await withLogsOnFailure(d.s, serviceLogs(d, plan), async () => {
    const held = await recheckCarried({ ...d.apply, carry: d.carry }, d.inv, wait);
    return verifyCompose(d.s.conn.exec, d.inv, d.target.health, unproven, held);
  });
}
