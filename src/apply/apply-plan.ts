import type { Reporter } from '../core/reporter.js';
import type { ComposeModel, Plan, TaskConfig } from '../plan/types.js';
import { CommandError, type ExecResult, type Executor } from '../transport/types.js';
import { buildGroups } from './build-groups.js';
import {
  buildArgs,
  execArgs,
  groupByGrace,
  projectContainersArgs,
  restartArgs,
  upArgs,
  type ComposeInvocation,
} from './compose-command.js';
import { concreteComposeCommand } from './compose-detect.js';
import { composeCanWait, imageNameOf, isComposeV1 } from './compose-naming.js';
import type { ComposeTarget } from '../config/schema.js';
import { tail } from '../core/text.js';
import { removeContainersArgs, replaceStartFirst, StartFirstFailed, stopContainersArgs } from './start-first.js';
import { stopGraceSecondsOf } from '../compose/stop-grace.js';
import { declaredReplicas } from '../compose/replicas.js';
import { runStreamed } from '../transport/line-stream.js';
import { shellJoin } from '../transport/quote.js';
import { sideBySideScript } from '../transport/side-by-side.js';
import type { RegistryContext } from './registry.js';
import { noteSeen, restartCountsScript, upFailedCode, upThenWaitScript, waitStartedScript, type Seen } from './wait-started.js';
import { healthProbesOf } from './health-probe.js';
import { runAfterFirst, shAfterFirst, type FirstScript } from './first-script.js';

export interface ApplyContext {
  exec: Executor;
  reporter: Reporter;
  model: ComposeModel;
  /** services whose start-first replacement failed: the old container still serves, the undo leaves them alone */
  keptOld?: Set<string>;
  /** `build:` targets: the registry the images come from (hosts pull, never build) */
  registry?: RegistryContext;
  /** the wait after `up` also runs the services' compose healthchecks while Docker says starting (health.probe) */
  probeHealth?: boolean;
  /**
   * seconds a container without a healthcheck must run without a restart to count as started
   * (health.stable_for, with health.services): one window per startServices, after its last `up`,
   * over every container its ups and start-first replacements started (stableWindow)
   */
  stableSeconds?: number;
  /** how long that window's wait may take in all (health.timeout, seconds) when no wait ran after each `up` (compose v1) */
  stableTimeoutSeconds?: number;
  /** run on the host before the start's first command, in its round trip (a deploy's switch of `current`); alone before the first that cannot carry it */
  first?: FirstScript;
  /** what the earlier parts of this Apply started (Carry); each start adds its own */
  carry?: Carry;
  /** with no wait after `up` (compose v1) and no window, note the restart counts of its containers in its round trip (health.services) */
  noteRestarts?: boolean;
}

/**
 * The services an earlier part of the same Apply started (the part before its tasks, held
 * services after them) and when the waits first saw their containers: the next start's window
 * holds them too, from then (no longer for the window, which they have served), so that one that
 * crashed while the tasks ran fails that start. `recheck`: the tasks ran since (runTasks); with no
 * start after them, the Verify holds them again (recheckCarried). Without a window (health.stable_for
 * "0s") only `seen` is kept, every start adding what its waits (or, on v1, its ups) noted, and the
 * Verify's poll compares their restart counts when the tasks ran since.
 */
export interface Carry {
  services: string[];
  seen: Seen[];
  recheck?: boolean;
}

/** The one stable window of a startServices: its length, its wait's timeout, and the containers the waits after each `up` saw first. */
interface ApplyWindow {
  seconds: number;
  timeoutSeconds: number;
  seen: Seen[];
}

/** The window of this start, when health.stable_for asks for one and some wait has a timeout (the up's, else health.timeout). */
function stableWindow(ctx: ApplyContext, waitSeconds?: number): ApplyWindow | undefined {
  const timeoutSeconds = waitSeconds ?? ctx.stableTimeoutSeconds;
  if (!ctx.stableSeconds || timeoutSeconds === undefined) return undefined;
  return { seconds: ctx.stableSeconds, timeoutSeconds, seen: [...(ctx.carry?.seen ?? [])] };
}

/**
 * Where the waits after each `up` note the containers they first see (`seen`): the window's, else,
 * without one, a copy of the carried records (restart counts for the Verify: Carry); `note`: with no
 * wait after each `up` (compose v1) and no window, each `up` notes them itself, in its round trip.
 */
function notingOf(ctx: ApplyContext, window: ApplyWindow | undefined, waitSeconds?: number): Pick<UpOptions, 'seen' | 'note'> {
  const seen = window?.seen ?? (ctx.carry && (waitSeconds !== undefined || ctx.noteRestarts) ? [...ctx.carry.seen] : undefined);
  return { seen, note: waitSeconds === undefined && !window ? seen : undefined };
}

/** Where streamed remote output goes: the run's log, line by line. */
const say = (ctx: ApplyContext) => (line: string) => ctx.reporter.info(line);

/** Builds the planned services; services with identical build definitions are built once and tagged. */
export async function buildServices(ctx: ApplyContext, inv: ComposeInvocation, plan: Plan): Promise<number> {
  const groups = buildGroups(plan.build, ctx.model);
  // image names differ between v1 and v2: needed only to tag a shared image for other services
  const v1 = groups.some((g) => g.length > 1) && isComposeV1(await concreteComposeCommand(ctx.exec, inv.command));
  for (const [first, ...rest] of groups) {
    if (!first) continue;
    const noCache = plan.noCache.includes(first);
    ctx.reporter.info(`build ${first}${noCache ? ' (--no-cache)' : ''}${rest.length ? `, image reused for ${rest.join(', ')}` : ''}`);
    await runStreamed((hooks) => ctx.exec.run(buildArgs(inv, [first], noCache), hooks), say(ctx), `[build ${first}] `);
    const image = imageNameOf(ctx.model.services[first]!, inv.project, v1);
    // side by side: one docker CLI start for the whole group, not one per service
    const tags = rest.map((other) => shellJoin(['docker', 'tag', image, imageNameOf(ctx.model.services[other]!, inv.project, v1)]));
    if (tags.length > 0) await ctx.exec.sh(sideBySideScript(tags));
  }
  return groups.length;
}

/**
 * Seconds the Apply waits after `up` for the services to run and be healthy (wait-started.ts): the
 * health timeout, when the target waits for healthchecks and the host's compose is a probed v2
 * that has `up --wait` (the hosts whose Apply waited before); undefined otherwise (v1, or an
 * unprobed command: the verify phase polls instead).
 */
export function upWaitSeconds(inv: ComposeInvocation, health: Pick<ComposeTarget['health'], 'services' | 'timeout'>): number | undefined {
  return health.services && composeCanWait(inv.command, inv.version) ? Math.ceil(health.timeout / 1000) : undefined;
}

/** How long a start-first service's new container may take to become ready; its `overlap` (ms) by service. */
export interface RolloutOptions {
  timeoutMs: number;
  overlapMs?: Record<string, number>;
}

/**
 * The plan's start-first services first (start-first.ts; one that fails stops the run before any
 * other service is touched), then up (the others, and start-first ones with no running container;
 * each up waited for when waitSeconds is set), restart, then stops and removes services dropped from the compose model.
 * `forceRecreate`: services upped first with `--force-recreate` (a rollback's retagged images, which
 * compose may not see as changed), except start-first ones: they are replaced start-first as a
 * deploy replaces them (their new containers are created on the retagged image), and force-recreated
 * only when they have no running container to keep serving. With health.stable_for (stableWindow),
 * once the last `up` returned, one wait over all the services it upped or replaced start-first
 * holds each container without a healthcheck until it has run that long since a wait first saw it
 * (the waits after each `up` only note when), so that one window is paid per start, not per `up`,
 * and a crash during it fails the start whichever `up` started the container; on compose v1 (no
 * wait after each `up`) that wait is the whole wait. Returns the services whose health it proved:
 * upped and waited for, or replaced start-first (their new containers were waited for); none when it
 * then restarted or removed services (that may disturb them: the verify checks everything again).
 * `settled` is called once the last `up` returned (the containers run their final images), before
 * its wait; at once when there is none.
 */
export async function startServices(
  ctx: ApplyContext,
  inv: ComposeInvocation,
  plan: Plan,
  waitSeconds?: number,
  rollout: RolloutOptions = { timeoutMs: 60_000 },
  forceRecreate: readonly string[] = [],
  settled?: () => void,
): Promise<string[]> {
  // no callback: nothing runs between an up and its wait, which then share a round trip (upGroups)
  const once = settled && onceOnly(settled);
  const forced = [...plan.build, ...plan.recreate].filter((s) => forceRecreate.includes(s)).sort();
  const firstOf = plan.startFirst ?? [];
  const forcedNow = forced.filter((s) => !firstOf.includes(s));
  const upped = [...plan.build, ...plan.recreate].filter((s) => !forced.includes(s));
  const lastForced = firstOf.length === 0 && upped.length === 0;
  const window = stableWindow(ctx, waitSeconds);
  const carried = window ? (ctx.carry?.services ?? []) : [];
  // the last up's wait is the window, in its round trip, when a wait follows each up
  const held = (services: () => string[]) => (window && waitSeconds !== undefined ? { window, services } : undefined);
  const waits = { waitSeconds, ...notingOf(ctx, window, waitSeconds) };
  const heldNow = lastForced ? held(() => [...new Set([...forcedNow, ...carried])].sort()) : undefined;
  const now = await upGroups(ctx, inv, forcedNow, plan.stopGrace, {
    ...waits,
    forceRecreate: true,
    afterLastUp: lastForced ? once : undefined,
    held: heldNow,
  });
  // a forced service that is start-first is replaced start-first too: its new containers are created on the image its name points to now
  const replaced = new Set<string>();
  if (firstOf.length > 0) await ctx.first?.flush(ctx.exec);
  for (const service of firstOf) {
    if (await startFirst(ctx, inv, service, rollout, plan.stopGrace?.[service])) replaced.add(service);
  }
  const forcedLate = forced.filter((s) => firstOf.includes(s) && !replaced.has(s));
  const rest = upped.filter((s) => !replaced.has(s)).sort();
  if (rest.length === 0 && forcedLate.length === 0) once?.();
  const lastLate = rest.length === 0 ? once : undefined;
  const started = [...new Set([...replaced, ...forcedNow, ...forcedLate, ...rest, ...carried])].sort();
  const heldLate = rest.length === 0 ? held(() => started) : undefined;
  const late = await upGroups(ctx, inv, forcedLate, plan.stopGrace, {
    ...waits,
    forceRecreate: true,
    afterLastUp: lastLate,
    held: heldLate,
  });
  const last = await upGroups(ctx, inv, rest, plan.stopGrace, { ...waits, afterLastUp: once, held: held(() => started) });
  // nothing upped: the first script still runs, before anything else
  await ctx.first?.flush(ctx.exec);
  if (window && !(now || late || last) && started.length > 0)
    await waitStarted(ctx, inv, started, window.timeoutSeconds, undefined, window);
  // the held wait proved every container it saw: their windows are served
  const served = window?.seen.map((c) => ({ ...c, served: true }));
  if (window && ctx.carry) Object.assign(ctx.carry, { services: started, seen: served, recheck: false });
  // no window held the carried ones again: a later start leaves them to the Verify (recheck kept)
  else if (waits.seen && ctx.carry) ctx.carry.seen = waits.seen;
  if (await restartAndRemove(ctx, inv, plan)) return [];
  return window || waitSeconds !== undefined ? started : [...replaced].sort();
}

/**
 * The carried containers held once more when the tasks ran after the last start and no start
 * followed them (Carry.recheck): one that Docker restarted since its window, or since a wait saw it
 * healthy (healthy again by now), fails, as a held part's start fails it (the Verify's poll ignores
 * restart counts); the first round passes when none was (one round trip, only then). Without a
 * window (health.stable_for "0s") the waits after each `up` still noted what they saw: returned,
 * for the Verify's own poll to compare their restart counts (no round trip of its own); else none.
 */
export async function recheckCarried(ctx: ApplyContext, inv: ComposeInvocation, waitSeconds?: number): Promise<Seen[]> {
  const window = stableWindow(ctx, waitSeconds);
  // no container seen (without a healthcheck, or healthy with one): no restart count to compare
  const seen = ctx.carry?.recheck ? ctx.carry.seen : [];
  if (seen.length === 0) return [];
  ctx.carry!.recheck = false;
  if (!window) return seen;
  await waitStarted(ctx, inv, ctx.carry!.services, window.timeoutSeconds, undefined, window);
  return [];
}

/** `f`, called at most once however often the result is. */
function onceOnly(f: () => void): () => void {
  let fired = false;
  return () => {
    if (!fired) f();
    fired = true;
  };
}

/** The plan's restarts, then the services dropped from the compose model removed; true when it did any. */
async function restartAndRemove(ctx: ApplyContext, inv: ComposeInvocation, plan: Plan): Promise<boolean> {
  for (const [timeoutSeconds, group] of groupByGrace(plan.restart, plan.stopGrace)) {
    ctx.reporter.info(`restart ${timeoutSeconds === undefined ? '' : `--timeout ${timeoutSeconds} `}${group.join(' ')}`);
    await ctx.exec.run(restartArgs(inv, group, timeoutSeconds));
  }
  for (const service of plan.remove) await removeService(ctx, inv, service, plan.stopGrace?.[service]);
  return plan.restart.length > 0 || plan.remove.length > 0;
}

/**
 * `up` of `services`, one call per stop grace (`--timeout`), said in the log as it runs; with
 * `waitSeconds`, then waits until their containers run and are healthy (wait-started.ts, in place
 * of compose's coarser `up --wait`), in the up's own round trip unless `afterLastUp` must run
 * between the last up and its wait. `seen`: the start's stable window (the waits note the containers they first see running into it);
 * `held`: the last up's wait is that window itself, over `held.services` (every service the start started). True when it ran.
 */
async function upGroups(
  ctx: ApplyContext,
  inv: ComposeInvocation,
  services: readonly string[],
  stopGrace: Plan['stopGrace'],
  opts: UpOptions,
): Promise<boolean> {
  const groups = groupByGrace(services, stopGrace);
  for (const [i, [timeoutSeconds, group]] of groups.entries()) {
    const grace = timeoutSeconds === undefined ? '' : `--timeout ${timeoutSeconds} `;
    ctx.reporter.info(`up -d --no-deps ${opts.forceRecreate ? '--force-recreate ' : ''}${grace}${group.join(' ')}`);
    const up = upArgs(inv, group, { forceRecreate: opts.forceRecreate, timeoutSeconds });
    const last = i === groups.length - 1;
    const between = last ? opts.afterLastUp : undefined;
    const held = last ? opts.held : undefined;
    const [waitOn, window] = held ? [held.services(), held.window] : [group, opts.seen];
    if (opts.waitSeconds !== undefined && !between) {
      await waitStarted(ctx, inv, waitOn, opts.waitSeconds, up, window);
      continue;
    }
    if (opts.note) await upThenNote(ctx, inv, group, up, opts.note);
    else await runAfterFirst(ctx.exec, up, ctx.first);
    between?.();
    if (opts.waitSeconds !== undefined) await waitStarted(ctx, inv, waitOn, opts.waitSeconds, undefined, window);
  }
  return groups.length > 0 && opts.held !== undefined;
}

interface UpOptions {
  waitSeconds?: number;
  seen?: Seen[];
  /** no wait: the restart counts after the up, noted here (upThenNote) */
  note?: Seen[];
  forceRecreate?: boolean;
  afterLastUp?: () => void;
  held?: { window: ApplyWindow; services: () => string[] };
}

/**
 * Waits until the containers of `group` run and are healthy; its failure says why, in one line.
 * `up`: run first, in the same script (upThenWaitScript); its failure is thrown as a plain run's.
 * `window`: an array, the start's stable window this wait notes the containers it first sees into;
 * an ApplyWindow, the window itself (each container held until it has run its length).
 */
async function waitStarted(
  ctx: ApplyContext,
  inv: ComposeInvocation,
  group: readonly string[],
  seconds: number,
  up?: string[],
  window?: Seen[] | ApplyWindow,
): Promise<void> {
  const held = window && !Array.isArray(window) ? window : undefined;
  const are = group.length > 1 ? 'are' : 'is';
  const also = held ? `, and ${group.length > 1 ? 'have' : 'has'} run ${held.seconds} s without a restart (health.stable_for)` : '';
  ctx.reporter.info(`waiting until ${group.join(', ')} ${are} running and healthy${also} (up to ${seconds} s)`);
  const probes = ctx.probeHealth ? healthProbesOf(ctx.model.services, group) : {};
  const stable = held ? { seen: held.seen, record: true } : { record: window !== undefined };
  const wait = waitStartedScript(inv.project, group, seconds, probes, held?.seconds ?? 0, undefined, stable);
  const r = up ? await upThen(ctx, up, wait) : await ctx.exec.sh(wait, { allowFailure: true });
  if (r.code === 0) {
    const into = held ? held.seen : Array.isArray(window) ? window : undefined;
    if (into) noteSeen(into, r.stdout);
    return;
  }
  throw new Error(tail(r.stderr || r.stdout) || `waiting for ${group.join(', ')} failed (exit ${r.code})`);
}

/** `up`, then `script`, in one round trip (after the pending first script); a failed up is thrown as a plain run's. */
async function upThen(ctx: ApplyContext, up: string[], script: string): Promise<ExecResult> {
  const r = await shAfterFirst(ctx.exec, upThenWaitScript(up, script), ctx.first);
  const upCode = upFailedCode(r.stdout);
  if (upCode !== undefined) throw new CommandError(up, { code: upCode, stdout: '', stderr: r.stderr });
  return r;
}

/**
 * `up` and, in its round trip, the restart counts of `group`'s containers (restartCountsScript),
 * noted into `seen` for the Verify; no wait, nothing judged (a service with no container yet, or
 * none running, is the Verify's to judge: nothing noted).
 */
async function upThenNote(ctx: ApplyContext, inv: ComposeInvocation, group: readonly string[], up: string[], seen: Seen[]): Promise<void> {
  const r = await upThen(ctx, up, restartCountsScript(inv.project, group));
  if (r.code === 0) noteSeen(seen, r.stdout);
}

/** A service dropped from the compose model: its containers stopped (SIGTERM, then its stop grace), then removed. */
async function removeService(ctx: ApplyContext, inv: ComposeInvocation, service: string, graceSeconds?: number): Promise<void> {
  const ids = (await ctx.exec.run(projectContainersArgs(inv.project, service))).stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return;
  const grace = graceSeconds === undefined ? '' : `, stop grace ${graceSeconds} s`;
  ctx.reporter.info(`remove ${service} (${ids.length} container${ids.length > 1 ? 's' : ''}${grace})`);
  await ctx.exec.run(stopContainersArgs(ids, graceSeconds));
  await ctx.exec.run(removeContainersArgs(ids, true));
}

async function startFirst(
  ctx: ApplyContext,
  inv: ComposeInvocation,
  service: string,
  rollout: RolloutOptions,
  grace?: number,
): Promise<boolean> {
  const stopGraceSeconds = grace ?? stopGraceSecondsOf(ctx.model.services[service]);
  const replicas = declaredReplicas(ctx.model.services[service]);
  try {
    const overlapMs = rollout.overlapMs?.[service];
    return await replaceStartFirst({ ...ctx, timeoutMs: rollout.timeoutMs, overlapMs, stopGraceSeconds, replicas }, inv, service);
  } catch (e) {
    if (e instanceof StartFirstFailed) ctx.keptOld?.add(e.service);
    throw e;
  }
}

/** Runs the planned tasks in declaration order inside their services (`exec -T`). */
export async function runTasks(ctx: ApplyContext, inv: ComposeInvocation, plan: Plan, tasks: Record<string, TaskConfig>): Promise<void> {
  for (const name of plan.tasks) {
    const task = tasks[name];
    if (!task) throw new Error(`task ${name} is not defined`);
    if (!task.service) throw new Error(`task ${name} has no service to run in`);
    ctx.reporter.info(`task ${name}: ${task.command} (in ${task.service})`);
    const r = await runStreamed(
      (hooks) => ctx.exec.run(execArgs(inv, task.service!, task.command), { allowFailure: true, ...hooks }),
      say(ctx),
      `[${name}] `,
    );
    if (r.code !== 0) throw new Error(`task ${name} failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
  }
}
