import * as core from '@actions/core';
import type { RunReport } from '../../session/report.js';
import { isEmptyPlan } from '../../plan/explain.js';

/** Sets every Action output from the report (one place). */
export function setOutputs(report: RunReport): void {
  const plan = report.plan;
  if (plan) {
    core.setOutput('plan', JSON.stringify(plan));
    core.setOutput('build', JSON.stringify(plan.build));
    core.setOutput('recreate', JSON.stringify(plan.recreate));
    core.setOutput('restart', JSON.stringify(plan.restart));
    core.setOutput('changed', String(!isEmptyPlan(plan)));
  }
  core.setOutput('result', report.result);
  if (report.release) core.setOutput('release', report.release);
  if (report.previousRelease) core.setOutput('previous-release', report.previousRelease);
  if (report.backup) core.setOutput('backup', report.backup.file);
  if (report.deployment) core.setOutput('deployment-id', String(report.deployment.id));
  if (report.deployment?.url) core.setOutput('environment-url', report.deployment.url);
}
