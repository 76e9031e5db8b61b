/**
 * Checks that span sections (rule -> task names, compose targets -> compose.project, unique rule names).
 * They run on the possibly-invalid input too, so every access is defensive.
 */

export interface CrossIssue {
  path: (string | number)[];
  message: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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
  const targets = isRecord(config.targets) ? config.targets : {};
  const composeTargets = Object.keys(targets).filter((k) => {
    const t = targets[k];
    return isRecord(t) && t.strategy === 'compose';
  });
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

export function crossReferenceIssues(config: unknown): CrossIssue[] {
  if (!isRecord(config)) return [];
  const rules = Array.isArray(config.rules) ? config.rules : [];
  const tasks = isRecord(config.tasks) ? config.tasks : {};
  return [...checkRuleTasks(rules, tasks), ...checkRuleNames(rules), ...checkComposeProject(config)];
}
