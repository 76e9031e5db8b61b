import type { Plan, Reason } from './types.js';
import { shortSha } from '../core/text.js';

/** One line of a plan listing: a service (or task) and why. */
export interface PlanRow {
  name: string;
  action: string;
  because: string;
}

const FILES_SHOWN = 3;

/** "python: a.py, b.py, c.py +4 more" (or the rule's detail when it has no files). */
export function describeReason(reason: Reason, filesShown = FILES_SHOWN): string {
  // the plan's headline says why (firstDeployLines)
  if (reason.rule === 'unknown-from' && reason.files.length === 0) return 'first deploy';
  if (reason.files.length === 0) return reason.detail ? `${reason.rule} (${reason.detail})` : reason.rule;
  const shown = reason.files.slice(0, filesShown).join(', ');
  const more = reason.files.length - filesShown;
  return `${reason.rule}: ${shown}${more > 0 ? ` +${more} more` : ''}`;
}

function reasonIndex(plan: Plan): Map<string, Reason[]> {
  const index = new Map<string, Reason[]>();
  for (const reason of plan.reasons) {
    const name = reason.task !== undefined ? `t:${reason.task}` : reason.service !== undefined ? `s:${reason.service}` : '';
    const key = `${name}\0${reason.action}`;
    const list = index.get(key);
    if (list) list.push(reason);
    else index.set(key, [reason]);
  }
  return index;
}

function actionLabel(plan: Plan, action: string, name: string): string {
  if (action === 'build' && plan.reuse?.includes(name)) return 'reuse image';
  if (action === 'build' && plan.noCache.includes(name)) return 'build (no cache)';
  return action === 'upload' ? 'upload + restart' : action;
}

/** Services in their final list (build, recreate, restart, remove, upload order), then tasks in run order. */
export function planRows(plan: Plan): { services: PlanRow[]; tasks: PlanRow[] } {
  const index = reasonIndex(plan);
  const because = (key: string): string => (index.get(key) ?? []).map((r) => describeReason(r)).join('; ');
  const services: PlanRow[] = [];
  const lists = [
    ['build', plan.build],
    ['recreate', plan.recreate],
    ['restart', plan.restart],
    ['remove', plan.remove],
    ['upload', plan.upload],
  ] as const;
  for (const [action, names] of lists) {
    for (const name of names) {
      const label = actionLabel(plan, action, name);
      services.push({ name, action: label, because: because(`s:${name}\0${action}`) });
    }
  }
  const tasks = plan.tasks.map((name) => ({ name, action: 'task', because: because(`t:${name}\0task`) }));
  return { services, tasks };
}

/** Files accounted for by an ignore rule. */
export function ignoredFiles(plan: Plan): string[] {
  return [...new Set(plan.reasons.filter((r) => r.action === 'ignore').flatMap((r) => r.files))].sort();
}

/** Nothing to build, recreate, restart, remove, upload or run. */
export function isEmptyPlan(plan: Plan): boolean {
  return [plan.build, plan.recreate, plan.restart, plan.remove, plan.upload, plan.tasks].every((l) => l.length === 0);
}

/** "a1b2c3d4e5f6..0f9e8d7c6b5a", with "(unknown)" for a null from. */
export function revisionRange(plan: Plan): string {
  const short = (sha: string): string => (/^[0-9a-f]{40}$/i.test(sha) ? shortSha(sha) : sha);
  return `${plan.from === null ? '(unknown)' : short(plan.from)}..${short(plan.to)}`;
}

/** "1 changed file", "3 changed files". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const UNMATCHED_NAMED = 10;

/**
 * The deploy log's and job summary's line about unmatched files (undefined when there are none):
 * they are uploaded, but nothing is built, recreated or restarted for them.
 */
export function unmatchedNotice(plan: Plan): string | undefined {
  const files = plan.unmatched;
  if (files.length === 0) return undefined;
  const more = files.length - UNMATCHED_NAMED;
  const named = `${files.slice(0, UNMATCHED_NAMED).join(', ')}${more > 0 ? ` +${more} more` : ''}`;
  const verb = files.length === 1 ? 'matches' : 'match';
  return (
    `${plural(files.length, 'changed file')} ${verb} no rule and nothing in the compose model (unmatched): ${named}. ` +
    'They are uploaded, but no service is built, recreated or restarted for them; add a rule if one should be.'
  );
}

/** "Nothing to deploy: 5 changed files (3 ignored, 2 unmatched)". */
export function nothingToDeploy(plan: Plan): string {
  const detail = `${ignoredFiles(plan).length} ignored, ${plan.unmatched.length} unmatched`;
  return `Nothing to deploy: ${plural(plan.changedFiles.length, 'changed file')} (${detail}), no service or task affected.`;
}

const names = (list: string[]): string => (list.length > 0 ? ` (${list.join(', ')})` : '');

/**
 * What a plan without a `from` says first: that it is a first deploy, why (nothing deployed yet,
 * history rewritten, not looked up), and everything that deploy does.
 */
export function firstDeployLines(plan: Plan): string[] {
  const does = [
    `builds ${plural(plan.build.length, 'service')}${names(plan.build)}`,
    `starts ${plan.recreate.length} more${names(plan.recreate)}`,
    `runs ${plural(plan.tasks.length, 'task')}${names(plan.tasks)}`,
  ];
  return [`First deploy: ${plan.fromUnknownReason ?? 'the previous revision is unknown'}.`, `A first deploy ${does.join(', ')}.`];
}

/** The first line of a plan listing: the range, then the changed files or why it is a first deploy. */
export function planHeadline(plan: Plan): string {
  const what = plan.from === null ? 'planned as a first deploy' : plural(plan.changedFiles.length, 'changed file');
  return `Plan ${revisionRange(plan)}: ${what}`;
}
