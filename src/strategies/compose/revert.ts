import { startServices, type ApplyContext } from '../../apply/apply-plan.js';
import { groupByGrace, restartArgs, upArgs, type ComposeInvocation } from '../../apply/compose-command.js';
import type { Plan } from '../../plan/types.js';
import type { ReleaseRecord } from '../../record/state-model.js';
import { switchCurrentScript, type Layout } from '../../sync/layout.js';
import { bringBackImages } from '../../apply/retained-images.js';
import { FirstScript } from '../../apply/first-script.js';
import { shortSha } from '../../core/text.js';
import type { RevertOutcome } from '../types.js';
import { uploadSha, type ComposeRun } from './run.js';

export interface RevertRequest {
  layout: Layout;
  /** true: releases layout (switch `current` back) */
  releases: boolean;
  previous: ReleaseRecord;
  /** services of the previous release's compose model */
  previousServices: string[];
  plan: Plan;
  inv: ComposeInvocation;
  /** recreate the touched services even when compose sees no difference (default true) */
  forceRecreate?: boolean;
  /** gets the ids the touched services' image names pointed at before the retag (the failed release's builds) */
  replaced?: string[];
}

/**
 * `current` switched back to `previous` (when `switchBack`) in front of the retag of `services`'
 * image names, in one round trip (bringBackImages; with a registry the pull goes first); a failed
 * switch is thrown as its own and retags nothing. Returns the services whose image is gone.
 */
async function switchAndBringBack(
  ctx: ApplyContext,
  layout: Layout,
  previous: ReleaseRecord,
  services: readonly string[],
  switchBack: boolean,
  replaced?: string[],
): Promise<string[]> {
  const first = switchBack ? new FirstScript(switchCurrentScript(layout, previous.id)) : undefined;
  const missing = await bringBackImages(ctx, previous.images ?? {}, services, first, replaced);
  // nothing to retag (or all pulled from a registry): the switch alone
  await first?.flush(ctx.exec);
  return missing;
}

/**
 * Brings the previous release back after a failed deploy: `current` switched back, touched
 * services up again on their previous images (no rebuild), services new in the failed release
 * removed, restarted ones restarted; each with its stop grace (`--timeout`), as the deploy did. Returns a one-line description of what it did.
 */
export async function revertCompose(ctx: ApplyContext, req: RevertRequest): Promise<string> {
  const { plan, previous } = req;
  const existed = new Set(req.previousServices);
  const touched = [...plan.build, ...plan.recreate, ...plan.remove].filter((s) => existed.has(s)).sort();
  const added = [...plan.build, ...plan.recreate].filter((s) => !existed.has(s));
  const missing = await switchAndBringBack(ctx, req.layout, previous, touched, req.releases, req.replaced);
  if (missing.length > 0) throw new Error(`cannot revert ${missing.join(', ')}: their previous images are gone`);
  // a failed start-first replacement left the old container serving: recreating it would only cost downtime
  const recreate = touched.filter((s) => !ctx.keptOld?.has(s));
  // the failed release's containers get their stop grace, as in the deploy (a Celery worker finishes its task)
  for (const [timeoutSeconds, group] of groupByGrace(recreate, plan.stopGrace)) {
    await ctx.exec.run(upArgs(req.inv, group, { forceRecreate: req.forceRecreate ?? true, timeoutSeconds }));
  }
  const restart = plan.restart.filter((s) => existed.has(s));
  for (const [timeoutSeconds, group] of groupByGrace(restart, plan.stopGrace)) {
    await ctx.exec.run(restartArgs(req.inv, group, timeoutSeconds));
  }
  if (added.length > 0) {
    const emptyPlan = { ...plan, build: [], recreate: [], restart: [], remove: added };
    await startServices(ctx, req.inv, emptyPlan);
  }
  return `reverted to ${shortSha(previous.id)}: ${touched.length ? `${touched.join(', ')} back on previous images` : 'no service to revert'}${added.length ? `; removed ${added.join(', ')}` : ''}`;
}

/**
 * Undoes what a failed deploy changed, as far as it got: in-place, the previous tree is uploaded
 * again; once Apply started, `current`, images and services go back (revertCompose); before that
 * (or when the switch of `current` in the Apply's first round trip failed) no container was touched: `current` (when switched) and the image names built or retagged by
 * this run go back, and the services keep running, never recreated. The ids the retag took the names
 * from go in `d.replaced`: the failed release's prune removes those left dangling (its builds).
 */
export async function undoCompose(d: ComposeRun, previousServices: string[]): Promise<RevertOutcome> {
  const previous = d.previous!;
  if (!d.releases) await uploadSha(d, previous.sha);
  // a failed switch of `current` (sent with the Apply's first command) stopped the Apply before any container
  if (d.progress.has('apply') && !d.switching?.failed) {
    const req = { layout: d.layout, releases: d.releases, previous, previousServices, plan: d.plan, inv: d.inv, replaced: d.replaced };
    const description = await revertCompose(d.apply, req);
    return { rolledBack: description.startsWith('reverted'), description };
  }
  // no container was touched (Apply never started): `current` and the image names go back, the services keep running
  const switched = d.releases && d.progress.has('switch');
  const built = d.progress.has('build') ? d.plan.build : [];
  const missing = await switchAndBringBack(d.apply, d.layout, previous, built, switched, d.replaced);
  const images = built.length
    ? `; image names of ${built.join(', ')} point at ${shortSha(previous.id)}'s images again${missing.length ? ` (not found: ${missing.join(', ')})` : ''}`
    : '';
  const where = d.releases ? (switched ? `; current → releases/${shortSha(previous.id)}` : '') : ' (its files uploaded again)';
  return { rolledBack: false, description: `nothing went live: the services still run ${shortSha(previous.id)}${where}${images}` };
}
