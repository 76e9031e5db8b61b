import { posix } from 'node:path';
import { diffComposeModels } from '../compose/diff.js';
import { changedPaths } from './changes.js';
import { PlanCollector } from './collector.js';
import { createDeriver } from './derive.js';
import { COMPOSE_CONTENT_RULE } from './force-recreate.js';
import { startFirstConfigured } from './rollout.js';
import { compileRules, compileTaskPaths, type CompiledRule, type CompiledTask } from './rules.js';
import { explicitStopGrace } from '../compose/stop-grace.js';
import { composeDotEnvPath } from '../compose/dotenv.js';
import { servicesAfterTasks } from './task-order.js';
import { imageDependents, imageUsers } from './shared-image.js';
import { LINKED_SERVICE_RULE, linkedToReplaced } from './service-links.js';
import type { AppConfig, ComposeDiff, ComposeModel, Plan, PlanInput, PlannerConfig } from './types.js';
import {
  inactiveProfileWarnings,
  neverMatchingWarnings,
  unreadDockerignoreWarnings,
  unresolvedWarnings,
  type NamedPaths,
} from './warnings.js';

export { checkConfigAgainstCompose } from './check-config.js';

/** The reason of an app upload (passenger): a changed file no ignore rule claims. */
export const APP_CODE_RULE = 'app-code';

/**
 * The deploy plan for a set of changed files (pure; see types.ts). Per changed path, in order:
 * 1. a compose file (also one read for `extends: {file}` or `include`) → the compose diff decides (rule "compose"), nothing else; the compose `.env`
 *    (it feeds `${VAR}`), or an env file of an `include` (`.env` of its directory, or its `env_file`) → the compose diff too, and then steps 2-3 as for any file (it may be an
 *    env_file), never unmatched (a change no service sees is recorded as ignored by "compose");
 * 2. else the FIRST rule whose paths match decides (build/recreate/restart/no_cache/tasks, or ignore);
 * 3. else the compose model decides (build context, bind mount, env_file), or the file is unmatched.
 * Independently, a task runs when a rule lists it or when a changed path matches its own `paths`.
 * With an unknown `from` (nothing deployed yet, or the deployed revision is not in the history) the
 * plan is a first deploy (rule "unknown-from"): every buildable service is built, every other one
 * recreated, and every task whose service is deployed runs (see firstDeployTasks).
 * With `config.app` (passenger), steps 1 and 3 do not apply: every file no ignore rule claims
 * uploads and restarts the app (rule "app-code") and runs its `withCode` tasks, after the effects of
 * the rule that matched it; an unknown `from` uploads it (rule "unknown-from").
 * Precedence: build > recreate > restart; noCache ⊆ build; every list sorted except tasks
 * (config declaration order). Globs are compiled once per call (see globs.ts for their semantics).
 */
export function planDeploy(input: PlanInput): Plan {
  const { config, composeTo } = input;
  const warnings: string[] = [];
  const rules = compileRules(config, composeTo, warnings);
  const taskMatchers = compileTaskPaths(config);
  const derive = createDeriver(composeTo, input.dockerignores, input.symlinks);
  const composeFiles = new Set(config.app ? [] : config.compose.files.map((f) => posix.normalize(posix.join(config.compose.directory, f))));
  // the files read for `extends: {file}` at either commit are compose files too
  if (!config.app) for (const f of [...(composeTo.otherFiles ?? []), ...(input.composeFrom?.otherFiles ?? [])]) composeFiles.add(f);
  const dotEnv = config.app ? undefined : composeDotEnvPath(config.compose.directory);
  // the env files that interpolate an included compose file are read as the compose `.env` is
  const envInputs = new Set(
    config.app ? [] : [dotEnv, ...(composeTo.includeEnvFiles ?? []), ...(input.composeFrom?.includeEnvFiles ?? [])],
  );
  const collector = new PlanCollector();
  let composeDiff: ComposeDiff | undefined;
  const files = changedPaths(input.changes);

  for (const file of files) {
    if (composeFiles.has(file)) {
      composeDiff ??= diffComposeModels(input.composeFrom, composeTo);
      applyComposeDiff(collector, composeDiff, file);
    } else {
      let fallback: Fallback = 'unmatched';
      if (envInputs.has(file)) {
        composeDiff ??= diffComposeModels(input.composeFrom, composeTo);
        fallback = applyComposeDiff(collector, composeDiff, file) ? 'none' : 'ignore';
      }
      const rule = rules.find((r) => r.match(file));
      if (rule) applyRule(collector, rule, file);
      if (config.app) {
        if (!rule?.ignore) applyAppCode(collector, config.app, file);
      } else if (!rule) applyDerived(collector, derive, file, fallback);
    }
    for (const task of taskMatchers) if (task.match(file)) collector.task(task.name, 'task-paths', file);
  }
  if (input.from === null) planEverything(collector, input);
  if (!config.app) recreateImageUsers(collector, composeTo, config.compose.project);
  if (!config.app) replaceLinked(collector, composeTo);
  const unknown = input.from === null ? { fromUnknownReason: unknownReason(input) } : {};
  const head = { from: input.from, to: input.to, changedFiles: files, ...unknown };

  warnings.push(...unreadDockerignoreWarnings(composeTo, input.dockerignores));
  if (dotEnv !== undefined) warnings.push(...unresolvedWarnings(composeTo, dotEnv), ...inactiveProfileWarnings(composeTo, dotEnv));
  if (input.trackedFiles) warnings.push(...neverMatchingWarnings(pathOwners(input, rules, taskMatchers), input.trackedFiles));
  // a removed service is stopped with its definition at `from`
  const services = { ...input.composeFrom?.services, ...composeTo.services };
  return withRollout(collector.finish(head, Object.keys(config.tasks), warnings), config, { services });
}

/**
 * Marks the replaced services (build, recreate) whose rollout is start-first, the stop grace
 * period of every stopped service (replaced, restarted, removed) that sets one (config over compose), and the services
 * held until the tasks have run (task-order.ts); no key when none.
 */
export function withRollout(plan: Plan, config: PlannerConfig, model: ComposeModel): Plan {
  if (config.app) return plan;
  const replaced = new Set([...plan.build, ...plan.recreate]);
  const startFirst = startFirstConfigured(config).filter((s) => replaced.has(s));
  const stopped = [...new Set([...replaced, ...plan.restart, ...plan.remove])].sort();
  const afterTasks = servicesAfterTasks(plan, config.tasks);
  const grace = stopped.flatMap((s) => {
    const configured = config.compose.services?.[s]?.stop_grace;
    // whole seconds, rounded up: compose's --timeout takes no fraction (stop_grace_period: 1500ms is valid compose)
    const seconds = configured !== undefined ? configured / 1000 : explicitStopGrace(model.services[s]);
    return seconds === undefined ? [] : [[s, Math.ceil(seconds)] as const];
  });
  return {
    ...plan,
    ...(startFirst.length > 0 ? { startFirst } : {}),
    ...(grace.length > 0 ? { stopGrace: Object.fromEntries(grace) } : {}),
    ...(afterTasks.length > 0 ? { afterTasks } : {}),
  };
}

/** Records the compose diff as caused by `file`; false when it changes no service. */
function applyComposeDiff(collector: PlanCollector, diff: ComposeDiff, file: string): boolean {
  for (const s of diff.build) collector.service('build', s, 'compose', file);
  for (const s of diff.recreate) collector.service('recreate', s, diff.inlineOnly?.includes(s) ? COMPOSE_CONTENT_RULE : 'compose', file);
  for (const s of diff.remove) collector.service('remove', s, 'compose', file);
  return diff.build.length + diff.recreate.length + diff.remove.length > 0;
}

/**
 * Services built on a planned build's image are built too, then the services running the image a
 * planned build produces are recreated with it (rule "shared-image").
 */
function recreateImageUsers(collector: PlanCollector, model: ComposeModel, project?: string): void {
  for (const d of imageDependents(model, collector.planned('build'))) {
    collector.service('build', d.service, 'shared-image', undefined, `built on the image of "${d.builder}"`);
  }
  for (const u of imageUsers(model, collector.planned('build'), project)) {
    collector.service('recreate', u.service, 'shared-image', undefined, `runs ${u.image}, which "${u.builder}" builds`);
  }
}

/** The services linked to a replaced one (network_mode, volumes_from, depends_on restart: true; service-links.ts). */
function replaceLinked(collector: PlanCollector, model: ComposeModel): void {
  const replaced = [...collector.planned('build'), ...collector.planned('recreate')];
  for (const l of linkedToReplaced(model, replaced)) collector.service(l.action, l.service, LINKED_SERVICE_RULE, undefined, l.detail);
}

function applyRule(collector: PlanCollector, rule: CompiledRule, file: string): void {
  if (rule.ignore) {
    collector.ignore(rule.name, file);
    return;
  }
  for (const s of rule.build) {
    collector.service('build', s, rule.name, file);
    if (rule.noCache) collector.markNoCache(s);
  }
  for (const s of rule.recreate) collector.service('recreate', s, rule.name, file);
  for (const s of rule.restart) collector.service('restart', s, rule.name, file);
  for (const t of rule.tasks) collector.task(t, rule.name, file);
}

/** What a file the compose model says nothing about becomes: unmatched, or (the compose `.env`) ignored by "compose" or nothing more. */
type Fallback = 'unmatched' | 'ignore' | 'none';

function applyDerived(collector: PlanCollector, derive: ReturnType<typeof createDeriver>, file: string, fallback: Fallback): void {
  const derived = derive(file);
  if (derived.length === 0 && fallback === 'unmatched') collector.unmatchedFile(file);
  if (derived.length === 0 && fallback === 'ignore') collector.ignore('compose', file);
  for (const d of derived) collector.service(d.action, d.service, d.rule, file);
}

function applyAppCode(collector: PlanCollector, app: AppConfig, file: string): void {
  collector.service('upload', app.name, APP_CODE_RULE, file);
  for (const t of app.withCode) collector.task(t, APP_CODE_RULE, file);
}

const unknownReason = (input: PlanInput): string => input.fromUnknownReason ?? 'no reason given';

/** A first deploy: every service built or recreated (passenger: the app uploaded), then the tasks of firstDeployTasks. */
function planEverything(collector: PlanCollector, input: PlanInput): void {
  const detail = `previous revision unknown: ${unknownReason(input)}`;
  const deployed = new Set<string>();
  const app = input.config.app;
  if (app) collector.service('upload', app.name, 'unknown-from', undefined, detail);
  for (const service of app ? [] : Object.values(input.composeTo.services)) {
    collector.service(service.build ? 'build' : 'recreate', service.name, 'unknown-from', undefined, detail);
    deployed.add(service.name);
  }
  for (const task of firstDeployTasks(input.config.tasks, deployed)) {
    collector.task(task, 'unknown-from', undefined, 'first deploy: every task of a deployed service runs');
  }
}

/**
 * The tasks of a first deploy, in declaration order: `first_deploy: true` always, `false` never,
 * unset when its service is deployed (a task without a service, on passenger targets, always).
 */
export function firstDeployTasks(tasks: PlannerConfig['tasks'], deployed: ReadonlySet<string>): string[] {
  return Object.entries(tasks)
    .filter(([, t]) => t.first_deploy ?? (t.service === undefined || deployed.has(t.service)))
    .map(([name]) => name);
}

/** Rules and tasks with their paths, for the "never matches a tracked file" warning. */
function pathOwners(input: PlanInput, rules: CompiledRule[], tasks: CompiledTask[]): NamedPaths[] {
  const ruleOwners = rules.map((r, i) => ({ label: r.label, paths: input.config.rules[i]?.paths ?? [], match: r.match }));
  const taskOwners = tasks.map((t) => ({ label: `tasks.${t.name}`, paths: input.config.tasks[t.name]?.paths ?? [], match: t.match }));
  return [...ruleOwners, ...taskOwners];
}
