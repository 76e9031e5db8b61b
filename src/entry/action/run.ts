import * as core from '@actions/core';
import { installInterruptHandlers } from '../../core/interrupt.js';
import { newReport } from '../../session/report.js';
import { runAndFinish } from '../finish.js';
import { readInputs } from './inputs.js';
import { commentPlan } from './plan-comment.js';
import { setOutputs } from './outputs.js';
import { ActionReporter } from './reporter.js';
import { writeSummary } from './summary.js';

/** The Action's run: inputs → core → outputs and summary (written once, even on failure). */
export async function runAction(): Promise<void> {
  const reporter = new ActionReporter();
  installInterruptHandlers((m) => reporter.warning(m));
  const report = newReport('run');
  const { settings, failure } = await runAndFinish(readInputs, reporter, report, { onlyLocated: true });
  if (failure) core.setFailed(failure.message);
  setOutputs(report);
  await writeSummary(report);
  if (settings) await commentPlan(settings, report, reporter);
}
