/** What a passenger rollback would do (dry-run output, pure). */
import { shortSha } from '../core/text.js';
import { changedMigrations } from './history.js';
import type { PassengerRollback } from './types.js';
import { rollbackStepLines } from './passenger-steps.js';

type Described = Pick<PassengerRollback, 'current' | 'to' | 'plan' | 'paths' | 'target' | 'steps'>;

export function describePassengerRollback(r: Described, restoreDb: boolean): string[] {
  const { paths, target } = r;
  const from = shortSha(r.current.id);
  const lines = [`dry-run: nothing was changed on the host; a rollback from ${from} to ${shortSha(r.to.id)} would:`];
  if (restoreDb) lines.push(`  take a safety backup, then restore the backup taken before ${from} was deployed`);
  if (paths.releases) lines.push(`  use ${paths.layout.releaseDir(r.to.id)} (uploaded again if it was pruned)`);
  else lines.push(`  snapshot the code of ${from}, then restore ${paths.snapshotOf(r.to.id)} into ${paths.layout.root}`);
  lines.push(...rollbackStepLines(r.steps).map((l) => `  ${l}`));
  if (paths.releases) lines.push(`  switch ${paths.layout.current} to releases/${r.to.id}`);
  const restart =
    target.restart === 'passenger-config'
      ? `passenger-config restart-app ${paths.liveAppRoot}`
      : `touch ${paths.restartFileOf(paths.appRootOf(r.to.id))}`;
  lines.push(`  restart: ${restart}`, `  check: ${target.health.url ?? 'no health URL'}`);
  const migrations = changedMigrations(r.plan);
  if (migrations.length && !restoreDb)
    lines.push(`  WARNING: migrations differ (${migrations.join(', ')}); the database schema would not be reverted`);
  return lines;
}
