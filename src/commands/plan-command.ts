import type { Config, PassengerTarget } from '../config/schema.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { planOnHost } from '../strategies/passenger/plan-on-host.js';
import { changedPipInputs } from '../strategies/passenger/pip-inputs-read.js';
import { plannerConfigFor } from '../strategies/passenger/tasks.js';
import { currentRelease } from '../record/state-model.js';
import { loadHostState } from '../record/state-store.js';
import { computePlan } from '../pipeline/plan.js';
import { phase, withSession } from '../session/session.js';

/**
 * `plan`: compares `from` → `to`. With a target and an SSH key but no --from, `from` is the
 * revision recorded as deployed on that target (read from its state.json, nothing changed); a
 * passenger target's plan is then the one its deploy executes (planOnHost).
 */
export async function planCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  const plannerConfig = plannerConfigFor(config, settings.target);
  if (settings.target && settings.ssh.privateKey && !settings.from) {
    await withSession(settings, config, reporter, report, async (s) => {
      const state = await loadHostState(s);
      const planned = await phase(s, 'Plan', () =>
        computePlan(settings, plannerConfig, reporter, report, currentRelease(state)?.sha ?? null),
      );
      // a passenger deploy also reads the host (the virtualenv): the plan shows what that deploy will do
      if (s.target.strategy === 'passenger') {
        const target = s.target as PassengerTarget;
        const pipInputs = await changedPipInputs(settings.repo, planned.plan, target);
        report.plan = (await planOnHost(s.conn.exec, target, plannerConfig, planned.plan, pipInputs)).plan;
      }
    });
    return;
  }
  await phase({ reporter, report }, 'Plan', () => computePlan(settings, plannerConfig, reporter, report));
}
