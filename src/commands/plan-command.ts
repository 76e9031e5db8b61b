import type { Config } from '../config/schema.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { plannerConfigFor } from '../strategies/passenger/tasks.js';
import { currentRelease } from '../record/state-model.js';
import { loadState } from '../record/state-store.js';
import { computePlan } from '../pipeline/plan.js';
import { phase, withSession } from '../session/session.js';

/**
 * `plan`: compares `from` → `to`. With a target and an SSH key but no --from, `from` is the
 * revision recorded as deployed on that target (read from its state.json, nothing changed).
 */
export async function planCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  const plannerConfig = plannerConfigFor(config, settings.target);
  if (settings.target && settings.ssh.privateKey && !settings.from) {
    await withSession(settings, config, reporter, report, async (s) => {
      const state = await loadState(s.conn.exec, s.target.path, s.targetName);
      await phase(s, 'Plan', () => computePlan(settings, plannerConfig, reporter, report, currentRelease(state)?.sha ?? null));
    });
    return;
  }
  await phase({ reporter, report }, 'Plan', () => computePlan(settings, plannerConfig, reporter, report));
}
