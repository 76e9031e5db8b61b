/** What a rollback would do (dry-run output, pure). */
import { groupByGrace, restartArgs, upArgs, type ComposeInvocation } from '../apply/compose-command.js';
import type { Plan } from '../plan/types.js';
import { splitAroundTasks } from '../plan/task-order.js';
import { shellJoin } from '../transport/quote.js';
import { changedMigrations } from './history.js';
import type { ComposeRun } from '../strategies/compose/run.js';
import { removeLines } from '../strategies/compose/dry-run.js';
import type { Retained } from './types.js';
import { shortSha } from '../core/text.js';

/** `waitSeconds`: `up --wait` as the rollback runs it (upWaitSeconds), when the host's compose has it. */
export function describeRollback(
  r: Pick<Retained<ComposeRun>, 'current' | 'to' | 'planned' | 'inv' | 'releases'>,
  restoreDb: boolean,
  waitSeconds?: number,
): string[] {
  const p = r.planned.plan;
  const images = r.to.images ?? {};
  const lines = [`dry-run: nothing was changed on the host; a rollback from ${shortSha(r.current.id)} to ${shortSha(r.to.id)} would:`];
  if (restoreDb) lines.push(`  take a safety backup, then restore the backup taken before ${shortSha(r.current.id)} was deployed`);
  if (r.releases) lines.push(`  point current at releases/${r.to.id}`);
  for (const sv of p.build)
    lines.push(images[sv] ? `  docker tag ${images[sv].id} ${images[sv].name}` : `  rebuild ${sv} (no image recorded for it)`);
  const { before, after } = splitAroundTasks(p);
  lines.push(...serviceLines(r.inv, before, waitSeconds), ...removeLines(p));
  if (p.tasks.length) lines.push(`  run tasks: ${p.tasks.join(', ')}`);
  if (p.afterTasks)
    lines.push(`  (after the tasks, held by their \`before\`: ${p.afterTasks.join(', ')})`, ...serviceLines(r.inv, after, waitSeconds));
  const migrations = changedMigrations(p);
  if (migrations.length && !restoreDb)
    lines.push(`  WARNING: migrations differ (${migrations.join(', ')}); the database schema would not be reverted`);
  return lines;
}

/** One part of the reverse plan (splitAroundTasks): the retained images' services recreated on them, then up, then restart, each call per stop grace. */
function serviceLines(inv: ComposeInvocation, part: Plan, waitSeconds?: number): string[] {
  const grace = part.stopGrace;
  return [
    ...groupByGrace(part.build, grace).map(([timeoutSeconds, g]) => upArgs(inv, g, { forceRecreate: true, timeoutSeconds, waitSeconds })),
    ...groupByGrace(part.recreate, grace).map(([timeoutSeconds, g]) => upArgs(inv, g, { timeoutSeconds, waitSeconds })),
    ...groupByGrace(part.restart, grace).map(([timeoutSeconds, g]) => restartArgs(inv, g, timeoutSeconds)),
  ].map((argv) => `  ${shellJoin(argv)}`);
}
