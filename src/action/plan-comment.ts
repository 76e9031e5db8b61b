/** `comment: true`: the Action posts the plan on the pull request itself (best effort, never fails the run). */
import type { RunReport } from '../core/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { commentsApi, planCommentBody, upsertPlanComment } from '../github/pr-comment.js';
import { formatPlanMarkdown } from '../plan/format.js';

export async function commentPlan(settings: Settings, report: RunReport, reporter: Reporter): Promise<void> {
  if (!settings.comment || !report.plan) return;
  const pr = settings.github?.pullRequest;
  if (!settings.github || pr === undefined) {
    reporter.warning('comment: not a pull_request run, no plan comment posted (the job summary has the plan)');
    return;
  }
  try {
    const api = commentsApi(settings.github.token, settings.github.repository);
    const done = await upsertPlanComment(api, pr, planCommentBody(formatPlanMarkdown(report.plan), settings.run.url));
    reporter.info(`plan comment ${done} on pull request #${pr}`);
  } catch (e) {
    // a pull request from a fork gets a read-only token: the summary still has the plan
    reporter.warning(`plan comment not posted on pull request #${pr}: ${(e as Error).message}`);
  }
}
