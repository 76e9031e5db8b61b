import { isRecord, type CrossIssue } from './cross-issue.js';
import { PASSENGER_TASK_NAMES } from './rules.js';
import { targetIssues } from './target-checks.js';

/**
 * Checks that span sections (rule -> task names, compose targets -> compose.project and task services,
 * passenger targets -> reserved task names, unique rule names) and within a target (target-checks.ts).
 * They run on the possibly-invalid input too, so every access is defensive.
 */

export type { CrossIssue } from './cross-issue.js';

function checkRuleTasks(rules: unknown[], tasks: Record<string, unknown>): CrossIssue[] {
  const defined = Object.keys(tasks);
  const known = defined.length ? `defined tasks: ${defined.join(', ')}` : 'no tasks are defined';
  const issues: CrossIssue[] = [];
  rules.forEach((rule, i) => {
    if (!isRecord(rule) || !Array.isArray(rule.tasks)) return;
    rule.tasks.forEach((task, j) => {
      if (typeof task === 'string' && !Object.hasOwn(tasks, task)) {
        issues.push({ path: ['rules', i, 'tasks', j], message: `unknown task "${task}" (${known})` });
      }
    });
  });
  return issues;
}

function checkRuleNames(rules: unknown[]): CrossIssue[] {
  const seen = new Map<string, number>();
  const issues: CrossIssue[] = [];
  rules.forEach((rule, i) => {
    if (!isRecord(rule) || typeof rule.name !== 'string') return;
    const first = seen.get(rule.name);
    if (first === undefined) seen.set(rule.name, i);
    else issues.push({ path: ['rules', i, 'name'], message: `duplicate rule name "${rule.name}" (also rules[${first}])` });
  });
  return issues;
}

function checkComposeProject(config: Record<string, unknown>): CrossIssue[] {
  const composeTargets = targetsOf(config, 'compose');
  const compose = config.compose;
  const hasProject = isRecord(compose) && compose.project !== undefined;
  if (composeTargets.length === 0 || hasProject) return [];
  return [
    {
      path: ['compose', 'project'],
      message: `required key is missing (compose targets need a project name: ${composeTargets.join(', ')})`,
    },
  ];
}

function targetsOf(config: Record<string, unknown>, strategy: string): string[] {
  const targets = isRecord(config.targets) ? config.targets : {};
  return Object.keys(targets).filter((k) => {
    const t = targets[k];
    return isRecord(t) && t.strategy === strategy;
  });
}

/** Compose targets run tasks inside a service, swarm targets from its image: with one, every task needs `service`. */
function checkTaskServices(config: Record<string, unknown>, tasks: Record<string, unknown>): CrossIssue[] {
  const compose = targetsOf(config, 'compose');
  const swarm = targetsOf(config, 'swarm');
  if (compose.length + swarm.length === 0) return [];
  const kinds = [...(compose.length ? ['compose'] : []), ...(swarm.length ? ['swarm'] : [])].join(' and ');
  return Object.entries(tasks)
    .filter(([, task]) => isRecord(task) && task.service === undefined)
    .map(([name]) => ({
      path: ['tasks', name, 'service'],
      message: `required key is missing (${kinds} targets run tasks in a service: ${[...compose, ...swarm].join(', ')})`,
    }));
}

/** Passenger targets plan their pip and frontend steps as tasks: user tasks must not take those names. */
function checkPassengerTaskNames(config: Record<string, unknown>, tasks: Record<string, unknown>): CrossIssue[] {
  const passengerTargets = targetsOf(config, 'passenger');
  if (passengerTargets.length === 0) return [];
  return Object.values(PASSENGER_TASK_NAMES)
    .filter((name) => Object.hasOwn(tasks, name))
    .map((name) => ({
      path: ['tasks', name],
      message: `task name "${name}" is reserved for the built-in step of passenger targets (${passengerTargets.join(', ')}); rename the task`,
    }));
}

export function crossReferenceIssues(config: unknown): CrossIssue[] {
  if (!isRecord(config)) return [];
  const rules = Array.isArray(config.rules) ? config.rules : [];
  const tasks = isRecord(config.tasks) ? config.tasks : {};
  return [
    ...checkRuleTasks(rules, tasks),
    ...checkRuleNames(rules),
    ...checkComposeProject(config),
    ...checkTaskServices(config, tasks),
    ...checkPassengerTaskNames(config, tasks),
    ...targetIssues(config),
  ];
}
