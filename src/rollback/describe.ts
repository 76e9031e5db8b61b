/** What a rollback would do (dry-run output, pure). */
import { forcedRecreates } from '../plan/force-recreate.js';
import { groupByGrace, restartArgs, upArgs, type ComposeInvocation, type UpOptions } from '../apply/compose-command.js';
import { describeWaitStarted, type StableDescription } from '../apply/wait-started.js';
import type { Plan } from '../plan/types.js';
import { splitAroundTasks } from '../plan/task-order.js';
import { shellJoin } from '../transport/quote.js';
import { changedMigrations } from './history.js';
import type { ComposeRun } from '../strategies/compose/run.js';
import { recheckLines, removeLines, startFirstLines, startedOf, windowLines } from '../strategies/compose/dry-run.js';
import type { Retained } from './types.js';
import { shortSha } from '../core/text.js';

/**
 * `waitSeconds`: the wait after each `up` as the rollback runs it (upWaitSeconds), when the host's
 * compose has `up --wait`; `probe`: health.probe; `stable`: health.stable_for's window, when it has one.
 */
export function describeRollback(
  r: Pick<Retained<ComposeRun>, 'current' | 'to' | 'planned' | 'inv' | 'releases'>,
  restoreDb: boolean,
  waitSeconds?: number,
  probe = false,
  stable?: StableDescription,
): string[] {
  const p = r.planned.plan;
  const images = r.to.images ?? {};
  const lines = [`dry-run: nothing was changed on the host; a rollback from ${shortSha(r.current.id)} to ${shortSha(r.to.id)} would:`];
  if (restoreDb) lines.push(`  take a safety backup, then restore the backup taken before ${shortSha(r.current.id)} was deployed`);
  if (r.releases) lines.push(`  point current at releases/${r.to.id}`);
  for (const sv of p.build)
    lines.push(images[sv] ? `  docker tag ${images[sv].id} ${images[sv].name}` : `  rebuild ${sv} (no image recorded for it)`);
  const { before, after } = splitAroundTasks(p);
  lines.push(...serviceLines(r.inv, before, waitSeconds, probe, windowLines(before, [], stable)), ...removeLines(p));
  if (p.tasks.length) lines.push(`  run tasks: ${p.tasks.join(', ')}`, ...recheckLines(p, before, stable));
  if (p.afterTasks)
    lines.push(
      `  (after the tasks, held by their \`before\`: ${p.afterTasks.join(', ')})`,
      ...serviceLines(r.inv, after, waitSeconds, probe, windowLines(after, startedOf(before), stable)),
    );
  const migrations = changedMigrations(p);
  if (migrations.length && !restoreDb)
    lines.push(`  WARNING: migrations differ (${migrations.join(', ')}); the database schema would not be reverted`);
  return lines;
}

/**
 * One part of the reverse plan (splitAroundTasks): the retained images' services recreated on them,
 * start-first services replaced start-first (as the deploy did), then up (each with its wait), then
 * restart, each call per stop grace.
 */
function serviceLines(inv: ComposeInvocation, part: Plan, waitSeconds?: number, probe = false, window: string[] = []): string[] {
  const grace = part.stopGrace;
  const up = (g: string[], opts: UpOptions) => [
    `  ${shellJoin(upArgs(inv, g, opts))}`,
    ...(waitSeconds === undefined ? [] : [describeWaitStarted(g, waitSeconds, probe)]),
  ];
  // as startPart: the retained images' services and the recreates compose cannot see, forced; start-first ones replaced start-first
  const first = part.startFirst ?? [];
  const forced = [...new Set([...part.build, ...forcedRecreates(part)])].filter((s) => !first.includes(s)).sort();
  return [
    ...groupByGrace(forced, grace).flatMap(([timeoutSeconds, g]) => up(g, { forceRecreate: true, timeoutSeconds })),
    ...startFirstLines(inv, first),
    ...groupByGrace(
      part.recreate.filter((s) => !forced.includes(s) && !first.includes(s)),
      grace,
    ).flatMap(([timeoutSeconds, g]) => up(g, { timeoutSeconds })),
    ...window,
    ...groupByGrace(part.restart, grace).map(([timeoutSeconds, g]) => `  ${shellJoin(restartArgs(inv, g, timeoutSeconds))}`),
  ];
}
