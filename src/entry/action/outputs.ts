import * as core from '@actions/core';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../session/report.js';
import type { Plan } from '../../plan/types.js';
import { isEmptyPlan } from '../../plan/explain.js';
import { PLAN_OUTPUT_MAX_CHARS, planOutput } from './plan-output.js';

/** Writes the whole plan beside the job (RUNNER_TEMP) when the output must be cut: its path, or undefined if it could not. */
function wholePlanFile(plan: Plan): string | undefined {
  const file = join(process.env.RUNNER_TEMP || tmpdir(), `gitops-deploy-plan-${process.pid}.json`);
  try {
    writeFileSync(file, JSON.stringify(plan), { mode: 0o600 });
    return file;
  } catch (e) {
    core.warning(`could not write the whole plan to ${file}: ${(e as Error).message}`);
    return undefined;
  }
}

/** The `plan` output (cut when too large for GitHub's output limit: then noted in the report, whole in a file). */
function setPlanOutput(report: RunReport, plan: Plan): void {
  const file = JSON.stringify(plan).length > PLAN_OUTPUT_MAX_CHARS ? wholePlanFile(plan) : undefined;
  const { json, truncated } = planOutput(plan, file);
  core.setOutput('plan', json);
  if (!truncated) return;
  if (file) core.setOutput('plan-file', file);
  report.notes.push(
    `The \`plan\` output was cut to stay within GitHub's output limit (its file lists keep their first entries; see its \`truncated\` field)${file ? `; the whole plan is in \`${file}\` (output \`plan-file\`)` : ''}.`,
  );
}

/** Sets every Action output from the report (one place). */
export function setOutputs(report: RunReport): void {
  const plan = report.plan;
  if (plan) {
    setPlanOutput(report, plan);
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
