/**
 * `deploy --dry-run` without an SSH key: plans from the `from` given (or says the deployed
 * revision is unknown, and plans a first deploy) and shows the commands a compose deploy would
 * run. It never connects: the host's state (venv, files, lock) is not read.
 */
import type { ComposeTarget, Config } from '../config/schema.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { computePlan, warnUnmatched } from '../pipeline/plan.js';
import type { RunReport } from '../session/report.js';
import { phase, requireTarget } from '../session/session.js';
import { describeDryRun } from '../strategies/compose/dry-run.js';
import { composeSite } from '../strategies/compose/run.js';
import { plannerConfigFor } from '../strategies/passenger/tasks.js';

export const OFFLINE_NOTE = 'dry-run without an SSH key: nothing was read from or changed on the host';

export async function dryRunOffline(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  const { name, target } = requireTarget(settings, config);
  report.target = name;
  const planned = await phase({ reporter, report }, 'Plan', () => computePlan(settings, plannerConfigFor(config, name), reporter, report));
  warnUnmatched(reporter, report, planned.plan);
  const from = settings.from
    ? `from ${settings.from} (given)`
    : 'from an unknown deployed revision (give from/--from, or an SSH key to read it)';
  report.notes.push(`${OFFLINE_NOTE}; planned ${from}.`);
  if (target.strategy === 'compose')
    report.notes.push(...describeDryRun(planned.plan, composeSite(config, target as ComposeTarget).inv, config.tasks));
  else report.notes.push('the passenger steps (pip, tasks, restart) depend on the host: give an SSH key to see them');
}
