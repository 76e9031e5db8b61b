import { shortSha } from '../core/text.js';
import { UserError, UserErrors } from '../core/errors.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { openCatFile } from '../git/cat-file.js';
import { gatherPlanInput } from '../git/plan-inputs.js';
import { lfsContent } from '../git/lfs-pointers.js';
import { checkWorkTree, openRepo, repoAt } from '../git/repo.js';
import { lookupCommits, resolveOptionalFrom, resolveRevision } from '../git/revision.js';
import { checkConfigAgainstCompose, planDeploy } from '../plan/planner.js';
import { unmatchedNotice } from '../plan/explain.js';
import { mergePlans } from '../plan/merge.js';
import { unsharedEnvFileWarnings } from '../plan/env-file-warnings.js';
import { sharedHidesCommittedWarnings } from '../plan/shared-warnings.js';
import { submoduleWarnings } from '../plan/submodule-warnings.js';
import { formatPlanTable } from '../plan/format.js';
import type { Plan, PlanInput, PlannerConfig } from '../plan/types.js';
import type { Planned } from '../strategies/types.js';
import type { Target } from '../config/schema.js';
import { uploadLeavesOut } from '../sync/left-out.js';

/** Where `from` comes from, in order: input, the target's deployed revision, the push event, the PR base; else why it is unknown. */
export function pickFrom(settings: Settings, deployed?: string | null): { rev: string; source: string } | { unknown: string } {
  const target = settings.target ?? 'the target';
  if (settings.from) return { rev: settings.from, source: 'input' };
  if (deployed) return { rev: deployed, source: `deployed on ${target}` };
  if (deployed === null) return { unknown: `nothing is deployed on ${target} yet` };
  if (settings.eventBefore) return { rev: settings.eventBefore, source: 'push event before' };
  if (settings.prBase) return { rev: settings.prBase, source: 'pull request base' };
  return { unknown: 'no `from` given and the deployed revision was not read (plan reads it with a target and an SSH key)' };
}

/** The commit `to` names, resolved (a lock and a record name a sha, never a ref like HEAD). */
export async function resolveTo(settings: Settings): Promise<string> {
  return resolveRevision((await openRepo(settings.repo)).git, settings.to, 'to');
}

type PlanRead = { input: PlanInput; to: string };

/**
 * Starts computePlan's git reading now (it only reads), to overlap a round trip: computePlan takes it
 * as `read`, and its failure is reported there (until then it is not left unhandled).
 */
export function readPlanInputAhead(
  settings: Settings,
  config: PlannerConfig | Promise<PlannerConfig>,
  deployed?: string | null,
): Promise<PlanRead> {
  const read = readPlanInput(settings, config, deployed);
  read.catch(() => undefined);
  return read;
}

/**
 * Reads what the plan needs from git, with one `git cat-file --batch` for all of it (the
 * revisions, then the compose files, then the .dockerignore files). The work-tree check and both
 * revisions run side by side; their errors still come in this order.
 */
async function readPlanInput(
  settings: Settings,
  config: PlannerConfig | Promise<PlannerConfig>,
  deployed: string | null | undefined,
): Promise<PlanRead> {
  const repo = repoAt(settings.repo);
  const pick = pickFrom(settings, deployed);
  const catFile = openCatFile(repo.dir);
  try {
    const lookup = lookupCommits(repo.git, catFile, 'rev' in pick ? [settings.to, pick.rev] : [settings.to]);
    const reads = [
      checkWorkTree(repo),
      resolveRevision(repo.git, settings.to, 'to', lookup),
      'rev' in pick ? resolveOptionalFrom(repo.git, pick.rev, pick.source, lookup) : Promise.resolve({ sha: null, reason: pick.unknown }),
    ] as const;
    for (const r of reads) r.catch(() => undefined);
    await reads[0];
    const to = await reads[1];
    const from = await reads[2];
    return { input: await gatherPlanInput(repo, config, from, to, catFile), to };
  } finally {
    catFile.close();
  }
}

/** computePlan's git reading of `settings`, started before the config is there (startPlanRead). */
export interface PlanReadAhead {
  read: Promise<PlanRead>;
  /** the planner's config, once loaded: the reading of the compose files starts */
  configure(config: PlannerConfig): void;
  /** no plan after all (the config failed): the reading stops at the config, its git processes end */
  cancel(): void;
}

let started: { settings: Settings; ahead: PlanReadAhead } | undefined;

/**
 * Starts the git reading of a `plan` whose `from` the settings name (not a target's deployed
 * revision) before its config is loaded: the revisions, the tree and the changes need no config,
 * so git runs while the config's code loads. takePlanRead hands it to the command.
 */
export function startPlanRead(settings: Settings): PlanReadAhead {
  let configure: (config: PlannerConfig) => void = () => undefined;
  let cancel: (e: Error) => void = () => undefined;
  const config = new Promise<PlannerConfig>((resolve, reject) => ((configure = resolve), (cancel = reject)));
  config.catch(() => undefined); // a cancel before the read reaches the config is not unhandled
  const ahead: PlanReadAhead = {
    read: readPlanInputAhead(settings, config),
    configure,
    cancel: () => {
      if (started?.ahead === ahead) started = undefined;
      cancel(new Error('no plan'));
    },
  };
  started = { settings, ahead };
  return ahead;
}

/** The read startPlanRead started for these settings, configured with `config`; undefined when none was. */
export function takePlanRead(settings: Settings, config: PlannerConfig): Promise<PlanRead> | undefined {
  if (started?.settings !== settings) return undefined;
  const { ahead } = started;
  started = undefined;
  ahead.configure(config);
  return ahead.read;
}

/**
 * Computes the plan between two commits: git reading here, the decision in the pure planner.
 * `deployed` is the revision recorded on the target (undefined: not looked up; null: nothing deployed yet).
 * `read`: the git reading of these settings, when readPlanInputAhead started it already (else the
 * one startPlanRead started, for a `deployed` not looked up). `retained`: a rollback's services
 * with an image its target release recorded: built ones are put back on it (plan.reuse).
 */
export async function computePlan(
  settings: Settings,
  config: PlannerConfig,
  reporter: Reporter,
  report: RunReport,
  deployed?: string | null,
  read: Promise<PlanRead> = (deployed === undefined ? takePlanRead(settings, config) : undefined) ??
    readPlanInput(settings, config, deployed),
  retained?: readonly string[],
): Promise<Planned> {
  const { input, to } = await read;
  const errors = checkConfigAgainstCompose(config, input.composeTo);
  if (errors.length > 0)
    throw new UserErrors(errors.map((m) => new UserError(`${settings.configPath}: ${m}`, { file: settings.configPath })));
  const plan = planDeploy(input);
  const reuse = retained ? plan.build.filter((sv) => retained.includes(sv)) : [];
  if (reuse.length > 0) plan.reuse = reuse;
  plan.warnings.push(
    ...envFileWarnings(settings, config, input),
    ...sharedWarnings(settings, config, input),
    ...submoduleWarnings(input.submodules ?? []),
  );
  for (const w of plan.warnings) {
    reporter.warning(w);
    report.warnings.push(w);
  }
  report.plan = plan;
  reporter.detail?.(formatPlanTable(plan));
  return { plan, to, input };
}

/** Whether a deploy to `target` uses the whole exported tree on the runner: a frontend build, or images built there. */
const buildsOnRunner = (target: Target): boolean =>
  target.strategy === 'passenger' ? target.frontend !== undefined : target.build?.on === 'runner';

/**
 * A deploy is refused (a UserError naming the files) when a Git LFS file of the deployed commit has
 * no content in the local LFS store: the upload would send its pointer. Its Plan phase checks it,
 * before anything changes on a host (a `plan` alone does not need the content). A file the upload
 * of `target` never sends (exclude, shared, protected) needs none, unless the runner builds from
 * the whole tree.
 */
export async function refuseMissingLfs(settings: Settings, planned: Planned, target: Target): Promise<Planned> {
  await lfsContent(settings.repo, planned.to, buildsOnRunner(target) ? undefined : uploadLeavesOut(target));
  return planned;
}

/**
 * `planned` (from the oldest release the hosts run) widened to what the hosts on `others` (the
 * other releases live there) need: the plan from each of them is merged in, so a change only such
 * a host had, and `to` undoes, is undone there too (the plan from the oldest does not see it).
 */
export async function coverLiveReleases(
  settings: Settings,
  config: PlannerConfig,
  reporter: Reporter,
  report: RunReport,
  planned: Planned,
  others: readonly string[],
): Promise<Planned> {
  if (others.length === 0) return planned;
  const inputs = [planned.input, ...(await Promise.all(others.map(async (sha) => (await readPlanInput(settings, config, sha)).input)))];
  const models = [...inputs.map((i) => i.composeFrom), planned.input.composeTo];
  const plan = mergePlans([planned.plan, ...inputs.slice(1).map(planDeploy)], config, models);
  reporter.info(`the plan also covers the changes since ${others.map((sha) => shortSha(sha)).join(', ')} (live on other hosts)`);
  report.plan = plan;
  reporter.detail?.(formatPlanTable(plan));
  const liveServices = Object.fromEntries(inputs.flatMap((i) => (i.from ? [[i.from, Object.keys(i.composeFrom?.services ?? {})]] : [])));
  return { ...planned, plan, liveServices };
}

/** The target the plan is for: the settings' one, else the config's only one. */
function planTarget(settings: Settings, config: PlannerConfig) {
  const names = Object.keys(config.targets ?? {});
  const name = settings.target ?? (names.length === 1 ? names[0] : undefined);
  const t = name === undefined ? undefined : config.targets?.[name];
  return name === undefined || t === undefined ? undefined : { name, t };
}

/** The committed files a `shared` entry of the plan's target hides (see sharedHidesCommittedWarnings). */
function sharedWarnings(settings: Settings, config: PlannerConfig, input: PlanInput): string[] {
  const target = planTarget(settings, config);
  if (!target || !input.trackedFiles) return [];
  return sharedHidesCommittedWarnings(input.trackedFiles, { name: target.name, shared: target.t.shared ?? [] });
}

/** The compose env files the deploy to the settings' compose target cannot provide (see unsharedEnvFileWarnings). */
function envFileWarnings(settings: Settings, config: PlannerConfig, input: PlanInput): string[] {
  const target = planTarget(settings, config);
  if (!target || target.t.strategy !== 'compose' || !input.trackedFiles) return [];
  const { name, t } = target;
  return unsharedEnvFileWarnings(input.composeTo, input.trackedFiles, {
    name,
    shared: t.shared ?? [],
    ...(t.layout ? { layout: t.layout } : {}),
  });
}

/** A deploy (or its dry run) names the plan's unmatched files as a warning: in the log, and in the job summary's warnings. */
export function warnUnmatched(reporter: Reporter, report: RunReport, plan: Plan): void {
  const notice = unmatchedNotice(plan);
  if (!notice) return;
  reporter.warning(notice);
  report.warnings.push(notice);
}
