/**
 * The `plan` output within GitHub's limit on outputs (1 MB per job, counted as UTF-16: two bytes a
 * character): a plan over PLAN_OUTPUT_MAX_CHARS keeps its shape (valid JSON) with its file lists
 * cut to their first entries and a `truncated` marker saying so and where the whole plan is.
 */
import type { Plan } from '../../plan/types.js';

/** Half of the job's 1 MB of outputs (UTF-16): room for the other outputs of this and other steps. */
export const PLAN_OUTPUT_MAX_CHARS = 256 * 1024;

/** What a cut plan says about itself. */
export interface PlanTruncation {
  /** characters of the whole plan's JSON */
  chars: number;
  /** entries kept of each file list (changedFiles, unmatched, each reason's files) */
  kept: number;
  changedFiles: number;
  unmatched: number;
  /** the file holding the whole plan, when it was written */
  file?: string;
}

function cut(plan: Plan, kept: number, marker: Omit<PlanTruncation, 'kept'>): string {
  const truncated: PlanTruncation = { ...marker, kept };
  return JSON.stringify({
    ...plan,
    changedFiles: plan.changedFiles.slice(0, kept),
    unmatched: plan.unmatched.slice(0, kept),
    reasons: plan.reasons.map((r) => ({ ...r, files: r.files.slice(0, kept) })),
    truncated,
  });
}

/**
 * The plan's JSON, whole when it fits in `max` characters, else cut (the most entries that fit);
 * only the marker when even empty lists do not fit.
 */
export function planOutput(plan: Plan, file?: string, max = PLAN_OUTPUT_MAX_CHARS): { json: string; truncated: boolean } {
  const whole = JSON.stringify(plan);
  if (whole.length <= max) return { json: whole, truncated: false };
  const marker = { chars: whole.length, changedFiles: plan.changedFiles.length, unmatched: plan.unmatched.length, file };
  const longest = Math.max(plan.changedFiles.length, plan.unmatched.length, ...plan.reasons.map((r) => r.files.length));
  let lo = 0;
  let hi = longest;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cut(plan, mid, marker).length <= max) lo = mid;
    else hi = mid - 1;
  }
  const json = cut(plan, lo, marker);
  return { json: json.length <= max ? json : JSON.stringify({ truncated: { ...marker, kept: 0 } }), truncated: true };
}
