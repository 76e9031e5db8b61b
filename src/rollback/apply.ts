/** Brings the rollback target into service: switch, images, up only what differs, tasks, health. */
import { runTasks, startServices, type ApplyContext } from '../apply/apply-plan.js';
import { upArgs } from '../apply/compose-command.js';
import { phase } from '../session/session.js';
import { composeInvocation } from '../apply/compose-target.js';
import { revertCompose } from '../strategies/compose/revert.js';
import { switchCurrentScript } from '../sync/layout.js';
import { restoreOrRebuild } from './images.js';
import { ensureReleaseFiles } from './release-files.js';
import type { RollbackRun } from './types.js';
import { verifyCompose } from '../verify/compose-health.js';

/** Services the reverse plan touches (for health checks). */
export function touchedServices(r: RollbackRun): string[] {
  const p = r.planned.plan;
  return [...new Set([...p.build, ...p.recreate, ...p.restart])].sort();
}

function verify(r: RollbackRun): Promise<void> {
  return verifyCompose(r.s.conn.exec, r.inv, r.target.health, touchedServices(r));
}

/**
 * Switches `current` to the target, puts its images back (rebuilding only what is gone), recreates
 * the services whose image differs, applies the rest of the reverse plan and checks health.
 * Returns the services that had to be rebuilt.
 */
export async function applyRollback(r: RollbackRun): Promise<string[]> {
  const { s, planned } = r;
  const plan = planned.plan;
  const apply: ApplyContext = { exec: s.conn.exec, reporter: s.reporter, model: planned.input.composeTo };
  if (r.releases) await s.conn.exec.sh(switchCurrentScript(r.layout, r.to.id));
  const buildInv = r.releases ? composeInvocation(s.config, r.layout.releaseDir(r.to.id)) : r.inv;
  const rebuilt = await restoreOrRebuild(s, apply, r.to, plan.build, { inv: buildInv, plan });
  await phase(s, 'Apply', async () => {
    if (plan.build.length > 0) {
      s.reporter.info(`up -d --no-deps --force-recreate ${plan.build.join(' ')} (images of ${r.to.id.slice(0, 12)})`);
      await s.conn.exec.run(upArgs(r.inv, [...plan.build], { forceRecreate: true }));
    }
    await startServices(apply, r.inv, { ...plan, build: [] });
    await runTasks(apply, r.inv, plan, s.config.tasks);
  });
  await phase(s, 'Verify', () => verify(r));
  return rebuilt;
}

/** After a failed rollback: back to the release that was current (its images, its `current`). */
export async function undoRollback(r: RollbackRun): Promise<string> {
  const { s, planned } = r;
  const apply: ApplyContext = { exec: s.conn.exec, reporter: s.reporter, model: planned.input.composeFrom ?? planned.input.composeTo };
  const previousServices = Object.keys(planned.input.composeFrom?.services ?? {});
  const req = { layout: r.layout, releases: r.releases, previous: r.current, previousServices, plan: planned.plan, inv: r.inv };
  return phase(s, 'Undo', async () => {
    if (!r.releases) await ensureReleaseFiles(s, r.target, r.layout, r.current, r.to);
    return revertCompose(apply, req);
  }).catch((e: Error) => `could not go back to ${r.current.id.slice(0, 12)}: ${e.message}`);
}
