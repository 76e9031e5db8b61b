import { forcedRecreates } from '../../plan/force-recreate.js';
import { buildArgs, execArgs, groupByGrace, restartArgs, upArgs, type ComposeInvocation } from '../../apply/compose-command.js';
import { scaleUpArgs } from '../../apply/start-first.js';
import { describeStableWindow, describeWaitStarted, type StableDescription } from '../../apply/wait-started.js';
import { COMPOSE_CANDIDATES, isAutoComposeCommand } from '../../apply/compose-detect.js';
import type { Plan, TaskConfig } from '../../plan/types.js';
import { shellJoin } from '../../transport/quote.js';
import { splitAroundTasks } from '../../plan/task-order.js';

/** The compose commands a deploy of this plan would run (dry-run output). */
export function describeDryRun(
  plan: Plan,
  invocation: ComposeInvocation,
  tasks: Record<string, TaskConfig>,
  waitSeconds?: number,
  probe = false,
  stable?: StableDescription,
): string[] {
  const lines = ['dry-run: nothing was changed on the host; a deploy would run:'];
  // the host-side detection script is shown as the command it prefers
  const auto = isAutoComposeCommand(invocation.command);
  const inv = auto ? { ...invocation, command: COMPOSE_CANDIDATES[0]!.split(' ') } : invocation;
  const noCache = plan.build.filter((s) => plan.noCache.includes(s));
  const cached = plan.build.filter((s) => !plan.noCache.includes(s));
  if (noCache.length) lines.push(`  ${shellJoin(buildArgs(inv, noCache, true))}`);
  if (cached.length) lines.push(`  ${shellJoin(buildArgs(inv, cached, false))}`);
  const { before, after } = splitAroundTasks(plan);
  lines.push(...serviceLines(before, inv, waitSeconds, probe, windowLines(before, [], stable)));
  for (const t of plan.tasks) {
    const task = tasks[t];
    if (task?.service) lines.push(`  ${shellJoin(execArgs(inv, task.service, task.command))}`);
  }
  lines.push(...recheckLines(plan, before, stable));
  if (plan.afterTasks)
    lines.push(
      `  (after the tasks, held by their \`before\`: ${plan.afterTasks.join(', ')})`,
      ...serviceLines(after, inv, waitSeconds, probe, windowLines(after, startedOf(before), stable)),
    );
  lines.push(...removeLines(plan));
  if (auto) lines.push(`  (compose.command unset: ${COMPOSE_CANDIDATES.map((c) => `"${c}"`).join(' if it runs on the host, else ')})`);
  return lines;
}

/** The start-first replacement of each of `services` (a deploy's and a rollback's). */
export function startFirstLines(inv: ComposeInvocation, services: readonly string[]): string[] {
  return services.flatMap((service) => [
    `  ${shellJoin(scaleUpArgs(inv, service, 2))}`,
    `  (start-first ${service}: once the new container is healthy, docker stop + docker rm of the old one)`,
  ]);
}

/** The start-first, up and restart commands of one part of the plan (splitAroundTasks); `window`: its stable window's line, before the restarts. */
function serviceLines(plan: Plan, inv: ComposeInvocation, waitSeconds?: number, probe = false, window: string[] = []): string[] {
  const lines: string[] = [];
  // as startServices: the forced recreates first, then start-first, then the other ups
  const forced = forcedRecreates(plan);
  for (const [timeoutSeconds, group] of groupByGrace(forced, plan.stopGrace)) {
    lines.push(`  ${shellJoin(upArgs(inv, group, { forceRecreate: true, timeoutSeconds }))}`);
    if (waitSeconds !== undefined) lines.push(describeWaitStarted(group, waitSeconds, probe));
  }
  lines.push(...startFirstLines(inv, plan.startFirst ?? []));
  const up = [...plan.build, ...plan.recreate].filter((s) => !plan.startFirst?.includes(s) && !forced.includes(s)).sort();
  for (const [timeoutSeconds, group] of groupByGrace(up, plan.stopGrace)) {
    lines.push(`  ${shellJoin(upArgs(inv, group, { timeoutSeconds }))}`);
    if (waitSeconds !== undefined) lines.push(describeWaitStarted(group, waitSeconds, probe));
  }
  lines.push(...window);
  for (const [timeout, group] of groupByGrace(plan.restart, plan.stopGrace)) lines.push(`  ${shellJoin(restartArgs(inv, group, timeout))}`);
  return lines;
}

/** The services a part's start starts (startServices): its builds and recreates, start-first ones too. */
export const startedOf = (part: Plan): string[] => [...new Set([...part.build, ...part.recreate])].sort();

/**
 * A part's stable window (health.stable_for), after its last up, over what it started and what
 * the earlier part started (`carried`, held again after the tasks); none without a window or a service.
 */
export function windowLines(part: Plan, carried: readonly string[], stable?: StableDescription): string[] {
  const services = [...new Set([...startedOf(part), ...carried])].sort();
  return stable && stable.seconds > 0 && services.length > 0 ? [describeStableWindow(services, stable)] : [];
}

/**
 * With tasks and no part held after them, the Verify holds the window before the tasks again
 * (recheckCarried); none without tasks, without a window or a service, or with a held part (its window does).
 */
export function recheckLines(plan: Pick<Plan, 'tasks' | 'afterTasks'>, before: Plan, stable?: StableDescription): string[] {
  const services = startedOf(before);
  if (plan.tasks.length === 0 || plan.afterTasks || !stable || stable.seconds === 0 || services.length === 0) return [];
  return [
    `  (then the Verify holds ${services.join(', ')} again: a container Docker restarted since its window, or since a wait saw it healthy, while the tasks ran, fails it)`,
  ];
}

/** The removal of the services dropped from the compose model: stopped with their grace, then removed. */
export function removeLines(plan: Pick<Plan, 'remove' | 'stopGrace'>): string[] {
  return groupByGrace(plan.remove, plan.stopGrace).map(([seconds, group]) => {
    const containers = `<containers of ${group.join(', ')}>`;
    return `  docker stop ${seconds === undefined ? '' : `-t ${seconds} `}${containers} && docker rm -f ${containers}`;
  });
}
