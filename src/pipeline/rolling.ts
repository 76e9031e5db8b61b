/**
 * A deploy over several hosts, rolled in batches. One plan, computed once from the release every
 * host runs (the oldest when they disagree). The primary goes first: it alone takes the backup and
 * runs the tasks. A host that fails stops the rollout: no further batch starts, and every host this
 * run already switched goes back to its previous release through the strategy's own revert (the
 * undo of a failed single-host deploy), its state recording the rollback. Each host keeps its own
 * lock (all taken before the first batch, see withLocks), state file, audit line and report.
 */
import { batchSize, hostLabel, hostsOf, planBatches } from '../config/hosts.js';
import { planBase } from '../record/oldest-release.js';
import { currentRelease, type DeployState } from '../record/state-model.js';
import { loadHostState, saveState } from '../record/state-store.js';
import { recordRollback } from '../rollback/history.js';
import { formatRollout, newReport, type HostRecord, type RunReport } from '../session/report.js';
import { phase, type Session } from '../session/session.js';
import type { DeployRun, Planned, Strategy } from '../strategies/types.js';
import { computePlan, coverLiveReleases, refuseMissingLfs, warnUnmatched } from './plan.js';
import { revertFailed } from './revert.js';
import { prepareOn, runPipeline, type FromState } from './run.js';

interface HostRun<R extends DeployRun> {
  h: Session;
  state: DeployState;
  record: HostRecord;
  primary: boolean;
  /** its heading in the log ("host 2 of 3: deploy@web2"): the hosts' phases are not otherwise told apart */
  heading: string;
  from: FromState;
  run?: R;
}

/** What a rollout runs: one plan, each host's state read before it, how a host's run reads its state (deploy or rollback). */
export interface RolloutPlan {
  states: DeployState[];
  labels: string[];
  planned: Planned;
  from: FromState;
}

/** A host this run switched (deployed, or rolled back by a `rollback` run). */
const switched = (hr: HostRun<DeployRun>): boolean => hr.record.result === 'deployed' || hr.record.result === 'rolled-back';

const deployed: FromState = (state) => ({ previous: currentRelease(state) });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Each host's session with its own report; the hosts after the primary take no backup. */
export function rolloutSessions(s: Session, hosts: Session[]): Session[] {
  return hosts.map((h, i) => ({
    ...h,
    report: newReport(s.report.command, s.targetName),
    target: i === 0 ? h.target : { ...h.target, backup: undefined },
  }));
}

/** Reads every host's state, then plans once from the release they run (the oldest when they disagree, said in the log). */
export async function planRollout(s: Session, hosts: Session[], strategy: Strategy, to: string) {
  const labels = hostsOf(s.target).map(hostLabel);
  const states = await Promise.all(hosts.map((h) => loadHostState(h)));
  const base = planBase(states.map((state, i) => ({ host: labels[i]!, state })));
  if (base.disagreement) {
    s.reporter.warning(base.disagreement);
    s.report.warnings.push(base.disagreement);
  }
  const settings = { ...s.settings, to };
  const config = strategy.plannerConfig(s);
  // the other releases live on some host: the plan covers what each of them needs too (also beside
  // a host with nothing deployed: the first deploy's plan removes nothing and knows no host's services)
  const live = states.flatMap((st) => currentRelease(st)?.sha ?? []);
  const others = [...new Set(live)].filter((sha) => sha !== base.deployed?.sha);
  const planned = await phase(s, 'Plan', async () => {
    const plannedOldest = await computePlan(settings, config, s.reporter, s.report, base.deployed?.sha ?? null);
    const oldest = await refuseMissingLfs(settings, plannedOldest, s.target);
    return coverLiveReleases(settings, config, s.reporter, s.report, oldest, others);
  });
  warnUnmatched(s.reporter, s.report, planned.plan);
  return { states, labels, planned };
}

/** Deploys one host; its record says how it went. */
async function deployOn<R extends DeployRun>(strategy: Strategy<R>, planned: Planned, hr: HostRun<R>): Promise<void> {
  hr.h.reporter.info(`── ${hr.heading}${hr.primary ? ' (primary)' : ''}`);
  hr.record.result = 'failed';
  try {
    hr.run = await prepareOn(hr.h, strategy, planned, hr.from, hr.state);
    const idle = strategy.idle(hr.run) !== undefined;
    await runPipeline(strategy, hr.run, { tasks: hr.primary });
    hr.record.result = idle ? 'unchanged' : hr.run.rollback ? 'rolled-back' : 'deployed';
  } catch (e) {
    hr.record.detail = (e as Error).message;
    throw e;
  }
}

/** One batch: the primary first on its own (backup, tasks), then the batch's other hosts at the same time. The first error, if any. */
async function runBatch<R extends DeployRun>(strategy: Strategy<R>, planned: Planned, batch: HostRun<R>[]): Promise<Error | undefined> {
  const [first, ...rest] = batch;
  const groups = first!.primary ? [[first!], rest] : [batch];
  for (const group of groups) {
    const settled = await Promise.allSettled(group.map((hr) => deployOn(strategy, planned, hr)));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) return (failed as PromiseRejectedResult).reason as Error;
  }
  return undefined;
}

/**
 * A host this run switched goes back: the strategy's revert of its whole run, then its state records
 * the rollback (a `rollback` run: the state it had before the run, its release live again).
 */
async function revertDeployed<R extends DeployRun>(strategy: Strategy<R>, hr: HostRun<R>): Promise<void> {
  const run = hr.run!;
  hr.h.reporter.info(`── ${hr.heading}: back to the release it had (another host failed)`);
  const outcome = await revertFailed(strategy, run);
  if (!outcome) {
    hr.record.detail = 'first deploy on this host: nothing to go back to';
    return;
  }
  hr.record.detail = outcome.description;
  if (!outcome.rolledBack) return;
  try {
    await recordReverted(hr);
    hr.record.result = 'reverted';
  } catch (e) {
    // the next hosts still go back; this one's row (and the log) say its state is behind
    hr.record.detail = `${outcome.description}; but its state could not record it (${(e as Error).message.split('\n')[0]}): status and the next run still see the release it went back from`;
    hr.h.reporter.warning(`${hr.heading}: ${hr.record.detail}`);
  }
}

/** A host that went back: its state records it (a `rollback` run: the state it had before the run). */
async function recordReverted<R extends DeployRun>(hr: HostRun<R>): Promise<void> {
  const run = hr.run!;
  const { exec } = hr.h.conn;
  if (run.rollback) return saveState(exec, hr.h.target.path, hr.state);
  const state = await loadHostState(hr.h);
  const live = currentRelease(state);
  if (live && run.previous) await saveState(exec, hr.h.target.path, recordRollback(state, live, run.previous));
}

/** The hosts' reports folded into the run's: per-host lines prefixed, the table and the timeline appended. */
function mergeReports(report: RunReport, runs: HostRun<DeployRun>[]): void {
  for (const { h, record } of runs) {
    const tag = (m: string): string => `${record.host}: ${m}`;
    report.warnings.push(...h.report.warnings.map(tag));
    report.notes.push(...h.report.notes.map(tag));
    report.diagnostics = [...(report.diagnostics ?? []), ...(h.report.diagnostics ?? []).map((d) => ({ ...d, title: tag(d.title) }))];
    report.backup ??= h.report.backup;
    report.previousRelease ??= h.report.previousRelease;
  }
  report.hosts = runs.map((r) => r.record);
  report.notes.push(...formatRollout(report.hosts, report.rollout ?? []));
}

/** A deploy of `to` rolled over the hosts: planned once (planRollout), then the batches (rollOutPlanned). */
export async function rollOut<R extends DeployRun>(s: Session, hosts: Session[], strategy: Strategy<R>, to: string): Promise<void> {
  const { states, labels, planned } = await planRollout(s, hosts, strategy as Strategy, to);
  await rollOutPlanned(s, hosts, strategy, { states, labels, planned, from: deployed });
}

/** The batches in order, with the pause between them; the first failure stops them (returned). */
async function runBatches<R extends DeployRun>(s: Session, strategy: Strategy<R>, planned: Planned, runs: HostRun<R>[], labels: string[]) {
  const { batch, pause } = s.target.rolling;
  s.reporter.info(`rolling over ${runs.length} hosts, ${batchSize(runs.length, batch)} at a time, primary ${labels[0]}`);
  const rollout: NonNullable<RunReport['rollout']> = (s.report.rollout = []);
  for (const [i, indexes] of planBatches(runs.length, batch).entries()) {
    if (i > 0 && pause > 0) {
      s.reporter.info(`pausing ${pause / 1000} s before batch ${i + 1}`);
      await sleep(pause);
    }
    const [at, start] = [new Date().toISOString(), performance.now()];
    const failure = await runBatch(
      strategy,
      planned,
      indexes.map((k) => runs[k]!),
    );
    rollout.push({ hosts: indexes.map((k) => labels[k]!), at, ms: Math.round(performance.now() - start) });
    if (failure) return failure;
  }
  return undefined;
}

/**
 * Publishes once (what it returns runs once every host is done), runs the batches; on a failure,
 * reverts the hosts switched so far.
 */
export async function rollOutPlanned<R extends DeployRun>(
  s: Session,
  hosts: Session[],
  strategy: Strategy<R>,
  p: RolloutPlan,
): Promise<void> {
  const { states, labels, planned } = p;
  s.report.release = planned.to;
  // built once (the primary or the runner), before any host changes
  const published = await strategy.publish?.(hosts[0]!, planned);
  const runs: HostRun<R>[] = hosts.map((h, i) => {
    const record: HostRecord = { host: labels[i]!, previous: currentRelease(states[i]!)?.id, result: 'untouched', phases: h.report.phases };
    return { h, state: states[i]!, record, primary: i === 0, from: p.from, heading: `host ${i + 1} of ${hosts.length}: ${labels[i]}` };
  });
  let failure: Error | undefined;
  try {
    failure = await runBatches(s, strategy, planned, runs, labels);
    if (failure) for (const hr of runs.filter((r) => switched(r as HostRun<DeployRun>))) await revertDeployed(strategy, hr);
  } finally {
    await published?.();
  }
  mergeReports(s.report, runs as HostRun<DeployRun>[]);
  if (!failure) return;
  const isRollback = runs.some((r) => r.run?.rollback);
  const allBack = !runs.some((r) => switched(r as HostRun<DeployRun>)) && !runs.some((r) => r.h.report.result === 'failure');
  s.report.result = allBack && !isRollback ? 'rolled-back' : 'failure';
  throw failure;
}
