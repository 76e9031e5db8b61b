/**
 * One plan for hosts that start from different releases (a rollout over hosts that disagree): what
 * any of the plans does, with the same precedence (build > recreate > restart), task order and
 * rollout marks as a single plan. The first plan gives `from`, `to` and the warnings.
 */
import { sortedUnique } from './changes.js';
import { PlanCollector } from './collector.js';
import { withRollout } from './planner.js';
import type { ComposeModel, Plan, PlannerConfig, Reason } from './types.js';

/** Replays one reason into the collector (a reason without files: once, as the planner recorded it). */
function replay(collector: PlanCollector, r: Reason): void {
  const files = r.files.length > 0 ? r.files : [undefined];
  for (const file of files) {
    if (r.action === 'task') collector.task(r.task!, r.rule, file, r.detail);
    else if (r.action === 'ignore') {
      if (file !== undefined) collector.ignore(r.rule, file);
    } else collector.service(r.action, r.service!, r.rule, file, r.detail);
  }
}

/** `plans` (from different releases to the same `to`) as one; `models`: the compose models at each `from` and at `to`. */
export function mergePlans(plans: readonly Plan[], config: PlannerConfig, models: readonly (ComposeModel | null)[]): Plan {
  const [first] = plans;
  const collector = new PlanCollector();
  for (const plan of plans) {
    for (const r of plan.reasons) replay(collector, r);
    for (const s of plan.noCache) collector.markNoCache(s);
    for (const f of plan.unmatched) collector.unmatchedFile(f);
  }
  const head = {
    from: first!.from,
    to: first!.to,
    changedFiles: sortedUnique(plans.flatMap((p) => p.changedFiles)),
    ...(first!.fromUnknownReason !== undefined ? { fromUnknownReason: first!.fromUnknownReason } : {}),
  };
  const services = Object.assign({}, ...models.map((m) => m?.services ?? {})) as ComposeModel['services'];
  return withRollout(collector.finish(head, Object.keys(config.tasks), first!.warnings), config, { services });
}
