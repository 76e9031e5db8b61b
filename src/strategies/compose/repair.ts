/**
 * Repairs what an interrupted compose deploy left half done, before a new run changes anything.
 * A deploy killed or cut off between its upload and its record leaves in-progress.json behind,
 * and possibly `current` on the new release while containers run the old one, or image names
 * pointing at images of a release that never went live. The release state.json records as live
 * is the truth: `current`, image names and touched containers go back to it (containers only where
 * they differ: no needless restart), then the in-progress record is removed.
 *
 * Chosen over one atomic remote "switch + up" step: the runner must record the outcome, so a run
 * cut off during or after such a step would still leave state.json behind the host, and an
 * in-place layout has no single switch at all. Repairing on the next run covers every phase.
 */
import type { ApplyContext } from '../../apply/apply-plan.js';
import type { ComposeInvocation } from '../../apply/compose-command.js';
import type { Reporter } from '../../core/reporter.js';
import type { Plan } from '../../plan/types.js';
import type { ReleaseRecord } from '../../record/state-model.js';
import type { Executor } from '../../transport/types.js';
import type { Layout } from '../../sync/layout.js';
import { clearInProgress, type HostInspection, type InProgress } from '../../sync/in-progress.js';
import { shortSha } from '../../core/text.js';
import { revertCompose } from './revert.js';

export interface RepairRequest {
  exec: Executor;
  reporter: Reporter;
  layout: Layout;
  /** releases layout (else in-place) */
  releases: boolean;
  inv: ComposeInvocation;
  /** the release state.json records as live */
  live: ReleaseRecord | undefined;
  /** in-place: uploads the live release's files again */
  reupload: (sha: string) => Promise<unknown>;
}

/** The repair plan for revertCompose: everything the interrupted deploy may have touched. */
function touchedBy(rec: InProgress | null): Pick<InProgress, 'build' | 'recreate' | 'restart' | 'remove'> & { previousServices: string[] } {
  if (!rec) return { build: [], recreate: [], restart: [], remove: [], previousServices: [] };
  return { build: rec.build, recreate: rec.recreate, restart: rec.restart, remove: rec.remove, previousServices: rec.previousServices };
}

/**
 * Repairs the host after `found` showed the damage `damage` (describeDamage). Returns the warning
 * to give: what was left half done and what was done about it.
 */
export async function repairHost(req: RepairRequest, found: HostInspection, damage: string): Promise<string> {
  const rec = found.inProgress;
  const live = req.live;
  let outcome: string;
  if (!live) outcome = 'no release was ever recorded as live: nothing to go back to, the deploy starts over';
  else if (rec && rec.release === live.id && found.link === (req.releases ? live.id : ''))
    outcome = `it had recorded ${shortSha(rec.release)} as live: nothing to undo`;
  else outcome = await revertTo(req, live, rec);
  await clearInProgress(req.exec, req.layout.root);
  return `REPAIRED AN INTERRUPTED DEPLOY: ${damage}. ${outcome}.`;
}

async function revertTo(req: RepairRequest, live: ReleaseRecord, rec: InProgress | null): Promise<string> {
  if (!req.releases) await req.reupload(live.sha);
  const { previousServices, ...touched } = touchedBy(rec);
  const plan: Plan = {
    from: live.sha,
    to: rec?.release ?? live.sha,
    changedFiles: [],
    noCache: [],
    upload: [],
    tasks: [],
    unmatched: [],
    reasons: [],
    warnings: [],
    ...touched,
  };
  const ctx: ApplyContext = { exec: req.exec, reporter: req.reporter, model: { services: {} } };
  // only containers that differ from the live release are recreated: no needless restart
  const did = await revertCompose(ctx, {
    layout: req.layout,
    releases: req.releases,
    previous: live,
    previousServices,
    plan,
    inv: req.inv,
    forceRecreate: false,
  });
  return `${did}${req.releases ? `; current → releases/${shortSha(live.id)}` : '; its files uploaded again'}`;
}
