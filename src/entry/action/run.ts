import * as core from '@actions/core';
import { installInterruptHandlers } from '../../core/interrupt.js';
import { newReport } from '../../session/report.js';
import { runAndFinish } from '../finish.js';
import { namedRun, readInputs } from './inputs.js';
import { commentPlan } from './plan-comment.js';
import { setOutputs } from './outputs.js';
import { ActionReporter } from './reporter.js';
import { writeSummary } from './summary.js';

/** The Action's run: inputs → core → outputs and summary (written once, even on failure or when interrupted). */
export async function runAction(): Promise<void> {
  const reporter = new ActionReporter();
  const named = namedRun();
  const report = newReport(named.command, named.target);
  let finishing: Promise<void> | undefined;
  const finish = (message?: string): Promise<void> =>
    (finishing ??= (async () => {
      if (message) core.setFailed(message);
      setOutputs(report);
      await writeSummary(report);
    })());
  // a cancelled job: the runner sends SIGINT (then SIGTERM); the run stops where it is
  installInterruptHandlers(
    (m) => reporter.warning(m),
    (signal) => {
      if (report.result !== 'rolled-back') report.result = 'failure';
      report.error = `${signal}: the run was interrupted (a cancelled job) and stopped before it finished`;
      return finish(report.error);
    },
  );
  const { settings, failure } = await runAndFinish(readInputs, reporter, report, { onlyLocated: true });
  await finish(failure?.message);
  if (settings) await commentPlan(settings, report, reporter);
}
