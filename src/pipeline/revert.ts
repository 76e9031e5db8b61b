/** The undo of a failed run: the strategy reverts what Progress says was reached; the outcome goes to the log and report. */
import { shortSha } from '../core/text.js';
import { phase } from '../session/session.js';
import type { DeployRun, RevertOutcome, Strategy } from '../strategies/types.js';

/** How the undo reads: a deploy rolls back to the previous release, a failed rollback goes back to the release it undid. */
function wording(run: DeployRun): { title: string; failed: (e: Error) => string; note: (d: string) => string } {
  const rollback = run.rollback;
  if (!rollback) return { title: 'Rollback', failed: (e) => `automatic rollback failed: ${e.message}`, note: (d) => d };
  // read after the undo: a strategy that puts the database back clears `restored` and `loading`
  const state = (): string | undefined =>
    rollback.restored ? 'was restored' : rollback.loading ? 'may be partly restored (its restore failed midway)' : undefined;
  const db = (): string => {
    const was = state();
    return was ? `; the database ${was}: the safety backup above holds its state before the rollback` : '';
  };
  return {
    title: 'Undo',
    failed: (e) => `could not go back to ${shortSha(run.previous!.id)}: ${e.message}`,
    note: (d) => `rollback failed: ${d}${db()}`,
  };
}

/** Runs the strategy's revert in a 'Rollback' phase ('Undo' for a rollback; undefined: first deploy, nothing to go back to). */
export async function revertFailed<R extends DeployRun>(strategy: Strategy<R>, run: R): Promise<RevertOutcome | undefined> {
  const { s } = run;
  if (!run.previous && !strategy.revertsFirstDeploy) {
    s.report.notes.push('first deploy failed: there is no previous release to roll back to');
    return undefined;
  }
  const words = wording(run);
  const outcome = await phase(s, words.title, () => strategy.revert(run)).catch((e: Error): RevertOutcome => ({
    rolledBack: false,
    description: words.failed(e),
  }));
  s.reporter.warning(outcome.description);
  s.report.notes.push(words.note(outcome.description));
  s.report.result = outcome.rolledBack && !run.rollback ? 'rolled-back' : 'failure';
  return outcome;
}
