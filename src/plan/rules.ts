import { compileGlobs, type PathPredicate } from './globs.js';
import type { ComposeModel, PlannerConfig, RuleConfig, ServiceList } from './types.js';

export interface CompiledRule {
  label: string;
  name: string;
  match: PathPredicate;
  ignore: boolean;
  build: string[];
  recreate: string[];
  restart: string[];
  noCache: boolean;
  tasks: string[];
}

/** `rules[1] "python"`: how messages name a rule. */
export function ruleLabel(rule: RuleConfig, index: number): string {
  return `rules[${index}] "${rule.name}"`;
}

/** Services a rule's list means: "all" = every service (for build: every service with a build section). */
export function expandServiceList(list: ServiceList | undefined, model: ComposeModel, buildOnly: boolean): string[] {
  if (list === undefined) return [];
  if (list !== 'all') return [...list];
  return Object.values(model.services)
    .filter((s) => !buildOnly || s.build !== undefined)
    .map((s) => s.name);
}

/**
 * Compiles every rule once (globs and service lists). Unknown services and tasks are dropped with a
 * warning (checkConfigAgainstCompose reports them as errors before planning).
 */
export function compileRules(config: PlannerConfig, model: ComposeModel, warnings: string[]): CompiledRule[] {
  return config.rules.map((rule, index) => {
    const label = ruleLabel(rule, index);
    const known = (list: ServiceList | undefined, buildOnly: boolean): string[] =>
      expandServiceList(list, model, buildOnly).filter((name) => {
        if (Object.hasOwn(model.services, name)) return true;
        warnings.push(`${label}: unknown service "${name}" ignored`);
        return false;
      });
    const tasks = (rule.tasks ?? []).filter((task) => {
      if (Object.hasOwn(config.tasks, task)) return true;
      warnings.push(`${label}: unknown task "${task}" ignored`);
      return false;
    });
    return {
      label,
      name: rule.name,
      match: compileGlobs(rule.paths),
      ignore: rule.ignore === true,
      build: known(rule.build, true),
      recreate: known(rule.recreate, false),
      restart: known(rule.restart, false),
      noCache: rule.no_cache === true,
      tasks,
    };
  });
}

export interface CompiledTask {
  name: string;
  match: PathPredicate;
}

/** Tasks that declare `paths`, with their globs compiled once. */
export function compileTaskPaths(config: PlannerConfig): CompiledTask[] {
  return Object.entries(config.tasks)
    .filter(([, task]) => task.paths !== undefined && task.paths.length > 0)
    .map(([name, task]) => ({ name, match: compileGlobs(task.paths ?? []) }));
}
