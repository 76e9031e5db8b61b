import * as core from '@actions/core';
import type { RunReport } from '../core/report.js';

/** Sets every Action output from the report (one place). */
export function setOutputs(report: RunReport): void {
  const plan = report.plan;
  if (plan) {
    core.setOutput('plan', JSON.stringify(plan));
    core.setOutput('build', JSON.stringify(plan.build));
    core.setOutput('recreate', JSON.stringify(plan.recreate));
    core.setOutput('restart', JSON.stringify(plan.restart));
    const changed = [plan.build, plan.recreate, plan.restart, plan.remove, plan.tasks].some((l) => l.length > 0);
    core.setOutput('changed', String(changed));
  }
  core.setOutput('result', report.result);
  if (report.release) core.setOutput('release', report.release);
  if (report.previousRelease) core.setOutput('previous-release', report.previousRelease);
  if (report.backup) core.setOutput('backup', report.backup.file);
}
