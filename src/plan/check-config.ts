import { rolloutIssues } from './rollout.js';
import { ruleLabel } from './rules.js';
import type { ComposeModel, PlannerConfig, ServiceList } from './types.js';

/**
 * Errors in the config given the compose model at `to`: a rule or task naming an unknown service,
 * a rule building a service that has no build section, a rule naming an undefined task, a
 * start-first service that cannot have two containers (rollout.ts), a compose target backing up
 * an unknown service.
 */
export function checkConfigAgainstCompose(config: PlannerConfig, model: ComposeModel): string[] {
  const names = Object.keys(model.services).sort();
  const known = `(services: ${names.join(', ') || 'none'})`;
  const errors: string[] = [];
  const checkList = (where: string, list: ServiceList | undefined, mustBuild: boolean): void => {
    if (list === undefined || list === 'all') return;
    for (const name of list) {
      const service = model.services[name];
      if (!service) errors.push(`${where}: unknown service "${name}" ${known}`);
      else if (mustBuild && !service.build) errors.push(`${where}: service "${name}" has no build section, it cannot be built`);
    }
  };
  const taskNames = Object.keys(config.tasks);
  config.rules.forEach((rule, index) => {
    const where = ruleLabel(rule, index);
    checkList(where, rule.build, true);
    checkList(where, rule.recreate, false);
    checkList(where, rule.restart, false);
    for (const task of rule.tasks ?? []) {
      if (!Object.hasOwn(config.tasks, task)) errors.push(`${where}: unknown task "${task}" (tasks: ${taskNames.join(', ') || 'none'})`);
    }
  });
  for (const [name, task] of Object.entries(config.tasks)) {
    if (task.service !== undefined && !Object.hasOwn(model.services, task.service))
      errors.push(`tasks.${name}: unknown service "${task.service}" ${known}`);
    for (const service of task.before ?? []) {
      if (!Object.hasOwn(model.services, service)) errors.push(`tasks.${name}.before: unknown service "${service}" ${known}`);
      else if (service === task.service)
        errors.push(`tasks.${name}.before: "${service}" is the task's own service, which must be up for the task to run in it`);
    }
  }
  errors.push(...rolloutIssues(config, model), ...backupServiceIssues(config, model, known));
  return errors;
}

/** The database family a service's `image:` names (postgres, postgis/postgis, mariadb:11, mysql:8), else undefined. */
export function imageEngineFamily(image: unknown): 'postgres' | 'mysql' | undefined {
  if (typeof image !== 'string') return undefined;
  const repo = image
    .split('@')[0]!
    .replace(/:[^/:]*$/, '')
    .split('/')
    .pop()!;
  if (/postgres|postgis|timescale/i.test(repo)) return 'postgres';
  if (/mariadb|mysql|percona/i.test(repo)) return 'mysql';
  return undefined;
}

const ENGINE_FAMILY: Record<string, string> = { postgres: 'postgres', mariadb: 'mysql', mysql: 'mysql', sqlite: 'sqlite' };
const FAMILY_ENGINE: Record<string, string> = { postgres: 'postgres', mysql: 'mariadb (or mysql)' };

/**
 * A compose target's backup runs in its `backup.service`: one the compose files lack would find no
 * database (no backup on a first deploy, then "the database is gone"); one whose image is another
 * database than `engine` skips the first deploy's backup, then fails every later one ("cannot connect
 * to the postgres server" in a mariadb container). A plan without compose files (passenger) checks none.
 */
function backupServiceIssues(config: PlannerConfig, model: ComposeModel, known: string): string[] {
  if (config.compose.files.length === 0) return [];
  return Object.entries(config.targets ?? {}).flatMap(([name, target]) => {
    const backup = (target.strategy === 'compose' ? target.backup : undefined) as { engine?: string; service?: unknown } | undefined;
    const service = backup?.service;
    if (typeof service !== 'string') return [];
    if (!Object.hasOwn(model.services, service)) return [`targets.${name}.backup.service: unknown service "${service}" ${known}`];
    const issue = engineImageIssue(backup!.engine ?? '', service, model.services[service]!.definition.image);
    return issue ? [`targets.${name}.backup.engine: ${issue}`] : [];
  });
}

/** `"postgres", but compose service "db" runs image mariadb:11, a mariadb/mysql database (set engine: …)`, or null when they agree. */
export function engineImageIssue(engine: string, service: string, image: unknown): string | null {
  const family = imageEngineFamily(image);
  if (!family || family === ENGINE_FAMILY[engine]) return null;
  return `"${engine}", but compose service "${service}" runs image ${String(image)}, a ${family === 'mysql' ? 'mariadb/mysql' : family} database (set engine: ${FAMILY_ENGINE[family]})`;
}
