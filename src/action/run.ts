import * as core from '@actions/core';
import { execute } from '../core/execute.js';
import { installInterruptHandlers } from '../core/interrupt.js';
import { reportFailure } from '../core/failure.js';
import { newReport } from '../core/report.js';
import type { Settings } from '../core/settings.js';
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
  let settings: Settings | undefined;
  try {
    settings = readInputs();
    report.command = settings.command;
    report.target = settings.target;
    await execute(settings, reporter, report);
    if (settings.dryRun && settings.command !== 'plan') report.result = 'dry-run';
  } catch (e) {
    const { message } = reportFailure(e, reporter, { onlyLocated: true });
    if (report.result !== 'rolled-back') report.result = 'failure';
    report.error = message;
    core.setFailed(message);
  } finally {
    setOutputs(report);
    await writeSummary(report);
    if (settings) await commentPlan(settings, report, reporter);
  }
}
