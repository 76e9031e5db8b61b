/**
 * Compose rollback: a compose deploy whose source is a retained release. Its "upload" uses the kept
 * release directory (uploaded again only when pruned; in-place, the tree is synced into the root),
 * `current` is switched, its "build" points the image names back at the retained images (rebuilding
 * only what is gone), then up only what differs, tasks, health. The undo is the deploy's; the record
 * moves `current` back and marks the undone release rolled-back.
 */
import path from 'node:path';
import { runTasks, startServices } from '../apply/apply-plan.js';
import { groupByGrace, upArgs } from '../apply/compose-command.js';
import { composeInvocation } from '../apply/compose-target.js';
import { shortSha } from '../core/text.js';
import type { Plan } from '../plan/types.js';
import { heldTitle, splitAroundTasks } from '../plan/task-order.js';
import { phase } from '../session/session.js';
import { repairStep } from '../strategies/compose/repair-step.js';
import { undoCompose } from '../strategies/compose/revert.js';
import { composeRun, type ComposeRun } from '../strategies/compose/run.js';
import { composeStrategy, previousServices, verify } from '../strategies/compose/strategy.js';
import type { Step, Strategy } from '../strategies/types.js';
import { switchCurrentScript } from '../sync/layout.js';
import { refuseSharedConflicts } from '../sync/upload.js';
import { describeRollback } from './describe.js';
import { restoreDatabase } from './flow.js';
import { restoreOrRebuild } from './images.js';
import { ensureReleaseFiles } from './release-files.js';
import { retained, type Retained } from './types.js';

export type ComposeRollback = Retained<ComposeRun>;

/** An interrupted deploy is repaired back to the recorded release first (the rollback starts from it), then restore-db. */
async function preflight(r: ComposeRollback): Promise<undefined> {
  const { s } = r;
  await repairStep(s, r.target, r.current, () => ensureReleaseFiles(s, r.target, r.layout, r.current, r.current));
  await refuseSharedConflicts(s.conn, r.target);
  await restoreDatabase(r, r.inv);
  return undefined;
}

/**
 * The retained images' services of `part` recreated on them (with their stop grace), then the rest
 * of `part`. The reverse plan is split around its tasks as a deploy's is: services held by a task's
 * `before` are applied after the tasks, in a step of their own.
 */
async function apply(r: ComposeRollback, part: Plan): Promise<void> {
  const { s } = r;
  for (const [timeoutSeconds, group] of groupByGrace(part.build, part.stopGrace)) {
    s.reporter.info(`up -d --no-deps --force-recreate ${group.join(' ')} (images of ${shortSha(r.to.id)})`);
    await s.conn.exec.run(upArgs(r.inv, group, { forceRecreate: true, timeoutSeconds }));
  }
  await startServices(r.apply, r.inv, { ...part, build: [] });
}

function steps(r: ComposeRollback): Step[] {
  const { s, plan, to } = r;
  const buildInv = r.releases ? composeInvocation(s.config, r.layout.releaseDir(to.id)) : r.inv;
  const images = async (): Promise<void> => {
    r.rollback.rebuilt = await restoreOrRebuild(s, r.apply, to, plan.build, { inv: buildInv, plan });
  };
  const { before, after } = splitAroundTasks(plan);
  return [
    { phase: 'upload', run: () => ensureReleaseFiles(s, r.target, r.layout, to, r.current) },
    { phase: 'switch', run: async () => r.releases && s.conn.exec.sh(switchCurrentScript(r.layout, to.id)) },
    { phase: 'build', run: images },
    { phase: 'apply', title: 'Apply', run: () => apply(r, before) },
    // a step of its own: a rollback over several hosts runs the tasks on the primary only
    ...(plan.tasks.length > 0 ? [{ phase: 'tasks' as const, run: () => runTasks(r.apply, r.inv, plan, s.config.tasks) }] : []),
    ...(plan.afterTasks ? [{ phase: 'apply' as const, title: heldTitle(plan.afterTasks), run: () => apply(r, after) }] : []),
    { phase: 'verify', title: 'Verify', run: () => verify(r, plan) },
  ];
}

function summary(r: ComposeRollback): string {
  const { build } = r.plan;
  const rebuilt = r.rollback.rebuilt ?? [];
  const images = build.length
    ? `${build.join(', ')} back on the images of ${shortSha(r.to.id)}${rebuilt.length ? ` (rebuilt: ${rebuilt.join(', ')})` : ' (no rebuild)'}`
    : 'no image to change';
  const db = r.rollback.restored ? `; database restored from ${path.posix.basename(r.rollback.restored.file)}` : '';
  return `rolled back ${r.s.targetName} from ${shortSha(r.current.id)} to ${shortSha(r.to.id)}: ${images}${db}`;
}

export const composeRollback: Strategy<ComposeRollback> = {
  ...composeStrategy,
  prepare: async (base, planned) => retained(composeRun(base, planned)),
  describe: (r) => describeRollback(r, r.s.settings.restoreDb),
  preflight,
  begin: async () => undefined,
  steps,
  // back on the undone release: the deploy's undo, with the undone release's compose model
  revert: (r) => {
    const model = r.planned.input.composeFrom ?? r.planned.input.composeTo;
    return undoCompose({ ...r, apply: { ...r.apply, model } }, previousServices(r));
  },
  finish: async (r, failed) => void (failed ? undefined : r.s.report.notes.push(summary(r))),
  // no in-progress record to remove; the pipeline's rollback reads no probe (prepare detects nothing)
  finishScript: undefined,
  probe: undefined,
  completeRelease: async () => undefined,
  keepScript: () => undefined,
  auditServices: (p) => ({ images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
};
