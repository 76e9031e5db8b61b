/** What a rollback would do (dry-run output, pure). */
import { restartArgs, upArgs } from '../apply/compose-command.js';
import { shellJoin } from '../transport/quote.js';
import { changedMigrations } from './history.js';
import type { ComposeRun } from '../strategies/compose/run.js';
import { removeLines } from '../strategies/compose/dry-run.js';
import type { Retained } from './types.js';
import { shortSha } from '../core/text.js';

export function describeRollback(
  r: Pick<Retained<ComposeRun>, 'current' | 'to' | 'planned' | 'inv' | 'releases'>,
  restoreDb: boolean,
): string[] {
  const p = r.planned.plan;
  const images = r.to.images ?? {};
  const lines = [`dry-run: nothing was changed on the host; a rollback from ${shortSha(r.current.id)} to ${shortSha(r.to.id)} would:`];
  if (restoreDb) lines.push(`  take a safety backup, then restore the backup taken before ${shortSha(r.current.id)} was deployed`);
  if (r.releases) lines.push(`  point current at releases/${r.to.id}`);
  for (const sv of p.build)
    lines.push(images[sv] ? `  docker tag ${images[sv].id} ${images[sv].name}` : `  rebuild ${sv} (no image recorded for it)`);
  if (p.build.length) lines.push(`  ${shellJoin(upArgs(r.inv, [...p.build], { forceRecreate: true }))}`);
  if (p.recreate.length) lines.push(`  ${shellJoin(upArgs(r.inv, [...p.recreate]))}`);
  if (p.restart.length) lines.push(`  ${shellJoin(restartArgs(r.inv, [...p.restart]))}`);
  lines.push(...removeLines(p));
  if (p.tasks.length) lines.push(`  run tasks: ${p.tasks.join(', ')}`);
  const migrations = changedMigrations(p);
  if (migrations.length && !restoreDb)
    lines.push(`  WARNING: migrations differ (${migrations.join(', ')}); the database schema would not be reverted`);
  return lines;
}
