/** Compose as a pipeline strategy: rsync the tree, build what changed, switch `current`, `up` what the plan touches. */
import { buildServices, upWaitSeconds } from '../../apply/apply-plan.js';
import { FirstScript } from '../../apply/first-script.js';
import { heldTitle, splitAroundTasks } from '../../plan/task-order.js';
import { composeInvocation, detectHostCompose, parseHostCompose } from '../../apply/compose-target.js';
import type { DetectedCompose } from '../../apply/compose-detect.js';
import { currentImages, tagReleaseScript } from '../../apply/images.js';
import { backupStep } from '../../backup/backup-step.js';
import type { BackupResult } from '../../backup/types.js';
import { faultPoint } from '../../core/fault-point.js';
import { protectedBackups } from '../../record/release-retention.js';
import { clearInProgress, clearInProgressScript, inProgressRecord, inProgressWrite } from '../../sync/in-progress.js';
import { layoutOf, switchCurrentScript } from '../../sync/layout.js';
import {
  decidePrune,
  parsePruneListing,
  pruneListingScript,
  pruneReleases,
  removeReplacedImages,
  reportPrune,
} from '../../sync/prune-releases.js';
import { refuseSharedConflicts } from '../../sync/upload.js';
import type { UploadFirst } from '../../sync/upload-first.js';
import type { DeployRun, RevertOutcome, Step, Strategy } from '../types.js';
import type { DeployState } from '../../record/state-model.js';
import { composeProbe, inspectionScript, warmUpCompose } from './probe.js';
import { describeDryRun } from './dry-run.js';
import { publishImages } from '../publish.js';
import { describePull, pullPlanned, withRefs } from './pull-step.js';
import { repairStep } from './repair-step.js';
import { runPlannedTasks, startPart, verify } from './start-steps.js';
import { undoCompose } from './revert.js';
import { dropEarlyTags, startEarlyTags } from './early-tags.js';
import { composeRun, stableDescription, uploadSha, type ComposeRun } from './run.js';

const tagWarning = (d: ComposeRun, detail: string): void =>
  d.s.reporter.warning(`could not tag the release images (rollbacks to it will rebuild): ${detail}`);

/** The compose services of the release live on this host before the run (a rollout's hosts may run different ones). */
export const previousServices = (d: ComposeRun): string[] =>
  (d.previous && d.planned.liveServices?.[d.previous.sha]) || Object.keys(d.planned.input.composeFrom?.services ?? {});

/**
 * Repair of an interrupted run, the shared-path check, then the verified backup. The backup is
 * skipped when the plan has nothing to do; backups recorded releases pair with are protected.
 */
async function preflight(d: ComposeRun): Promise<BackupResult | undefined> {
  const { s, plan: p } = d;
  await repairStep(s, d.target, d.previous, (live) => uploadSha(d, live), d.probed?.inspect);
  await refuseSharedConflicts(s.conn, d.target);
  if (d.previous && [p.build, p.recreate, p.restart, p.remove, p.tasks].every((l) => l.length === 0)) {
    s.reporter.info('nothing to change for services or tasks: no backup needed');
    return undefined;
  }
  return backupStep(s, d.sha, d.previous, d.inv, protectedBackups(d.target.keep_releases, d.state));
}

/** The host's compose: from the probe sent with the state read, else probed now. */
export function hostCompose(base: DeployRun): Promise<DetectedCompose> {
  const { exec } = base.s.conn;
  const probed = base.probed?.detect;
  return probed === undefined
    ? detectHostCompose(exec, base.s.config, base.s.target.path)
    : Promise.resolve(parseHostCompose(base.s.config, probed));
}

/** The in-progress record, written first in the upload's round trip (before anything it changes; its failure stops the upload). */
const inProgressFirst = (d: ComposeRun): UploadFirst =>
  inProgressWrite(d.target.path, inProgressRecord(d.s.settings.run.id, d.sha, d.previous?.id, d.plan, previousServices(d)));

function steps(d: ComposeRun): Step[] {
  const { s, plan } = d;
  const buildInv = d.releases ? composeInvocation(s.config, d.layout.releaseDir(d.sha), d.detected) : d.inv;
  // services held by a task's `before` start after the tasks, in a step of their own: a host that
  // runs no tasks (not the primary of a rolling deploy) still starts them
  const { before, after } = splitAroundTasks(plan);
  // the release's images are read and tagged as soon as the last part's `up` returned (early-tags.ts)
  const tagEarly = (): void => startEarlyTags(d);
  // `current` switched in the Apply's first round trip, in front of its first command (a round trip
  // saved); a failed switch stops it before any container is touched (undoCompose knows it)
  const applyFirst = async (): Promise<void> => {
    await faultPoint('switch');
    d.progress.reach('switch');
    d.switching = new FirstScript(d.releases ? switchCurrentScript(d.layout, d.sha) : undefined);
    await startPart(d, before, undefined, plan.afterTasks ? undefined : tagEarly, d.switching);
  };
  return [
    // tasks write through the services' bind mounts of the release: its files get inodes of their own
    { phase: 'upload', title: 'Upload', run: () => uploadSha(d, d.sha, d.previous?.id, inProgressFirst(d), plan.tasks.length > 0) },
    d.apply.registry
      ? { phase: 'build', title: 'Pull', run: () => pullPlanned(d) }
      : { phase: 'build', title: 'Build', run: () => buildServices(d.apply, buildInv, plan) },
    { phase: 'apply', title: 'Apply', run: applyFirst },
    ...(plan.tasks.length > 0 ? [{ phase: 'tasks' as const, title: 'Tasks', run: () => runPlannedTasks(d, plan) }] : []),
    ...(plan.afterTasks
      ? [{ phase: 'apply' as const, title: heldTitle(plan.afterTasks), run: () => startPart(d, after, undefined, tagEarly) }]
      : []),
    { phase: 'verify', title: 'Verify', run: () => verify(d, plan) },
  ];
}

/**
 * The prune of a deploy, decided on the releases listed under the lock (with the probe) and the
 * release this run uploaded, which `current` points at once recorded; undefined when not listed then.
 */
function decidedPrune(d: ComposeRun, state: DeployState): ReturnType<NonNullable<Strategy['prunePlan']>> {
  const listing = d.probed?.releases;
  if (listing === undefined) return undefined;
  const keep = d.target.keep_releases;
  const existing = [...new Set([...parsePruneListing(listing).existing, d.sha])];
  const decided = decidePrune(d.layout, state, keep, existing, d.sha, [], { project: d.inv.project });
  return { script: decided.script, report: (stdout) => void reportPrune(d.s, keep, decided, stdout) };
}

/** On success the in-progress record went in the record's round trip (finishScript). */
async function finish(d: ComposeRun, failed?: { revert?: RevertOutcome }): Promise<void> {
  if (!failed) return;
  // undone (or nothing to undo): no repair needed; else the record stays for the next run to repair
  if (failed.revert?.description.startsWith('automatic rollback failed')) return;
  await clearInProgress(d.s.conn.exec, d.target.path).catch(() => undefined);
}

export const composeStrategy: Strategy<ComposeRun> = {
  plannerConfig: (s) => s.config,
  warmUp: warmUpCompose,
  // the releases listing goes with the probe, under the lock: the record's prune is decided on it (prunePlan)
  probe: (s, sent) => composeProbe(s, { releases: true }, sent),
  probeScript: (s) => inspectionScript(layoutOf(s.target.path), { releases: true }),
  prepare: async (base, planned) => composeRun(base, planned, await hostCompose(base)),
  describe: (d) => [
    ...describeDryRun(d.plan, d.inv, d.s.config.tasks, upWaitSeconds(d.inv, d.target.health), d.target.health.probe, stableDescription(d)),
    ...describePull(d),
  ],
  idle: () => undefined,
  publish: publishImages,
  preflight,
  // the in-progress record is written in the upload's first round trip (steps: inProgressFirst)
  begin: async () => undefined,
  steps,
  revertsFirstDeploy: false,
  revert: (d) => undoCompose(d, previousServices(d)),
  finish,
  finishScript: (d) => clearInProgressScript(d.target.path),
  completeRelease: async (d, release) => {
    const buildable = Object.values(d.planned.input.composeTo.services).filter((sv) => sv.build);
    if (d.detected) release.compose = { command: d.detected.command.join(' '), version: d.detected.version };
    // read (and tagged) after the last `up`, else the containers the health check found healthy, else read now
    const early = await d.early;
    if (early?.failed) tagWarning(d, early.failed);
    d.tagged = early?.tagged;
    const images =
      early?.images ??
      (await currentImages(
        d.s.conn.exec,
        d.inv,
        buildable.map((sv) => sv.name),
        d.seen,
      ));
    release.images = d.apply.registry ? withRefs(d, images) : images;
  },
  keepScript: (d, release) => {
    // what the early round trip did not tag (its read failed, or a name compose gave differently)
    const untagged = Object.fromEntries(Object.entries(release.images ?? {}).filter(([sv]) => !d.tagged?.includes(sv)));
    const script = tagReleaseScript(untagged, release.sha);
    return script === undefined ? undefined : { script, onFailure: (detail: string) => tagWarning(d, detail) };
  },
  dropKept: dropEarlyTags,
  auditServices: (p) => ({ build: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
  pruneListing: (d) => (d.releases ? pruneListingScript(d.layout) : undefined),
  prunePlan: (d, state) => (d.releases ? decidedPrune(d, state) : undefined),
  prune: async (d, state, listing) =>
    d.releases
      ? pruneReleases(d.s, d.layout, state, d.target.keep_releases, listing, { project: d.inv.project, replaced: d.replaced })
      : removeReplacedImages(d.s, state, d.replaced),
};
