/**
 * Compose rollback: a compose deploy whose source is a retained release. Its "upload" uses the kept
 * release directory (uploaded again only when pruned; in-place, the tree is synced into the root),
 * `current` is switched while its "build" points the image names back at the retained images
 * (rebuilding only what is gone), restore-db once that code is ready, then up only what differs and
 * wait for it as a deploy does, tasks, health of what was not proven yet. The undo puts the database
 * back (when it was restored), then does the deploy's; the record moves `current` back and marks the
 * undone release rolled-back.
 */
import path from 'node:path';
import { upWaitSeconds } from '../apply/apply-plan.js';
import { composeInvocation } from '../apply/compose-target.js';
import { FirstScript } from '../apply/first-script.js';
import { shortSha } from '../core/text.js';
import type { Plan } from '../plan/types.js';
import { heldTitle, splitAroundTasks } from '../plan/task-order.js';
import { repairStep } from '../strategies/compose/repair-step.js';
import { undoCompose } from '../strategies/compose/revert.js';
import { composeRun, stableDescription, type ComposeRun } from '../strategies/compose/run.js';
import { composeStrategy, hostCompose, previousServices } from '../strategies/compose/strategy.js';
import { composeProbe, inspectionScript } from '../strategies/compose/probe.js';
import { runPlannedTasks, startPart, verify } from '../strategies/compose/start-steps.js';
import type { RevertOutcome, Step, Strategy } from '../strategies/types.js';
import { layoutOf, switchCurrentScript } from '../sync/layout.js';
import { parsePruneListing } from '../sync/prune-releases.js';
import { manifestRules } from '../sync/diff-upload.js';
import { ownInodesKeptScript } from '../sync/unshare.js';
import { refuseSharedConflicts } from '../sync/upload.js';
import { checkRollbackDb, restoreRollbackDb, undoRollbackDb } from './db-restore.js';
import { describeRollback } from './describe.js';
import { restoreOrRebuild } from './images.js';
import { ensureReleaseFiles } from './release-files.js';
import { retained, type Retained, type RollbackDb } from './types.js';

export type ComposeRollback = Retained<ComposeRun> & RollbackDb;

/** An interrupted deploy is repaired back to the recorded release first (the rollback starts from it), then restore-db is checked. */
async function preflight(r: ComposeRollback): Promise<undefined> {
  const { s } = r;
  const reupload = (): Promise<boolean> => ensureReleaseFiles(s, r.target, r.layout, r.current, r.current);
  await repairStep(s, r.target, r.current, reupload, r.probed?.inspect);
  await refuseSharedConflicts(s.conn, r.target);
  await checkRollbackDb(r);
  return undefined;
}

/**
 * `part` started and waited for as a deploy's Apply does (startPart), the retained images' services
 * recreated on them first (`--force-recreate`: compose may see no change in a retagged name). The
 * reverse plan is split around its tasks as a deploy's is: services held by a task's `before` are
 * applied after the tasks, in a step of their own.
 */
async function apply(r: ComposeRollback, part: Plan): Promise<void> {
  if (part.build.length > 0) r.s.reporter.info(`${part.build.join(', ')}: recreated on the images of ${shortSha(r.to.id)}`);
  await startPart(r, part, part.build);
}

/**
 * `current` switched to the retained release. The reverse plan's tasks write through the services'
 * bind mounts of its directory, whose files are hard links shared with other releases: with tasks
 * to run, they get inodes of their own in the same round trip, its manifest kept true (unshare.ts).
 */
function switchScript(r: ComposeRollback): string {
  const { layout, to } = r;
  const sw = switchCurrentScript(layout, to.id);
  if (r.plan.tasks.length === 0) return sw;
  return `${sw} && (\n${ownInodesKeptScript(layout.root, layout.releaseDir(to.id), to.id, manifestRules(r.target))}\n)`;
}

/**
 * `current` switched and the image names pointed back at the retained images, in one round trip
 * (the switch in front of the retag, restoreImages): both are marked reached first, so a failure of
 * either is undone by the deploy's undo (`current` and the images back). A rebuild of a gone image
 * (from the release's directory, not `current`) follows the retag.
 */
async function switchAndImages(r: ComposeRollback): Promise<void> {
  const { s, plan, to } = r;
  const buildInv = r.releases ? composeInvocation(s.config, r.layout.releaseDir(to.id), r.detected) : r.inv;
  r.progress.reach('build');
  const first = r.releases ? new FirstScript(switchScript(r)) : undefined;
  r.rollback.rebuilt = await restoreOrRebuild(s, r.apply, to, plan.build, { inv: buildInv, plan }, first);
  // nothing to retag (or all pulled from a registry): the switch alone
  await first?.flush(s.conn.exec);
}

/** The release directories the probe listed under the lock (none probed: undefined, the upload step checks). */
const keptReleases = (r: ComposeRollback): string[] | undefined =>
  r.probed?.releases === undefined ? undefined : parsePruneListing(r.probed.releases).existing;

function steps(r: ComposeRollback): Step[] {
  const { s, plan, to } = r;
  const { before, after } = splitAroundTasks(plan);
  return [
    { phase: 'upload', run: () => ensureReleaseFiles(s, r.target, r.layout, to, r.current, keptReleases(r)) },
    { phase: 'switch', run: () => switchAndImages(r) },
    // restore-db once the code and images are ready, before any container changes (the tasks' phase: the primary's)
    ...(s.settings.restoreDb ? [{ phase: 'tasks' as const, run: () => restoreRollbackDb(r, r.inv) }] : []),
    { phase: 'apply', title: 'Apply', run: () => apply(r, before) },
    // a step of its own: a rollback over several hosts runs the tasks on the primary only
    ...(plan.tasks.length > 0 ? [{ phase: 'tasks' as const, run: () => runPlannedTasks(r, plan) }] : []),
    ...(plan.afterTasks ? [{ phase: 'apply' as const, title: heldTitle(plan.afterTasks), run: () => apply(r, after) }] : []),
    { phase: 'verify', title: 'Verify', run: () => verify(r, plan) },
  ];
}

/** Back on the undone release: its database (when restored), then the deploy's undo with the undone release's compose model. */
async function revert(r: ComposeRollback): Promise<RevertOutcome> {
  const db = await undoRollbackDb(r, r.inv);
  const model = r.planned.input.composeFrom ?? r.planned.input.composeTo;
  const code = await undoCompose({ ...r, apply: { ...r.apply, model } }, previousServices(r));
  return db ? { ...code, description: `${db}; ${code.description}` } : code;
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
  // the host's compose from the probe sent with the state read under the lock (concrete command, `up --wait`)
  prepare: async (base, planned) => retained(composeRun(base, planned, await hostCompose(base))),
  describe: (r) =>
    describeRollback(r, r.s.settings.restoreDb, upWaitSeconds(r.inv, r.target.health), r.target.health.probe, stableDescription(r)),
  preflight,
  begin: async () => undefined,
  steps,
  revert,
  finish: async (r, failed) => void (failed ? undefined : r.s.report.notes.push(summary(r))),
  // the deploy's probe, with the release directories kept on the host (is the target's there?);
  // a single-host rollback sends its script in the lock's round trip, with the state read
  probe: (s, sent) => composeProbe(s, { releases: true }, sent),
  probeScript: (s) => inspectionScript(layoutOf(s.target.path), { releases: true }),
  // no in-progress record to remove
  finishScript: undefined,
  completeRelease: async () => undefined,
  keepScript: () => undefined,
  auditServices: (p) => ({ images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
};
