/** The undo of a failed run: the strategy reverts what Progress says was reached; the outcome goes to the log and report. */
import { phase } from '../session/session.js';
import type { DeployRun, RevertOutcome, Strategy } from '../strategies/types.js';

/** Runs the strategy's revert in a 'Rollback' phase (undefined: first deploy, nothing to go back to). */
export async function revertFailed<R extends DeployRun>(strategy: Strategy<R>, run: R): Promise<RevertOutcome | undefined> {
  const { s } = run;
  if (!run.previous && !strategy.revertsFirstDeploy) {
    s.report.notes.push('first deploy failed: there is no previous release to roll back to');
    return undefined;
  }
  const outcome = await phase(s, 'Rollback', () => strategy.revert(run)).catch((e: Error): RevertOutcome => ({
    rolledBack: false,
    description: `automatic rollback failed: ${e.message}`,
  }));
  s.reporter.warning(outcome.description);
  s.report.notes.push(outcome.description);
  s.report.result = outcome.rolledBack ? 'rolled-back' : 'failure';
  return outcome;
}
