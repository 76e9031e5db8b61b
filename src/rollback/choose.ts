/** Which release a rollback goes to (pure): `previous`, a release id, or a sha deployed successfully. */
import { UserError } from '../core/errors.js';
import { currentRelease, predecessorOf, rollbackChoices, wentLive, type DeployState, type ReleaseRecord } from '../record/state-model.js';
import { shortSha } from '../core/text.js';

function describe(r: ReleaseRecord): string {
  return `${shortSha(r.id)} (${r.at}${r.result === 'rolled-back' ? ', rolled back' : ''})`;
}

function refuse(state: DeployState, why: string): never {
  const choices = rollbackChoices(state);
  const list = choices.length > 0 ? choices.map(describe).join(', ') : 'none: no other release was deployed successfully';
  throw new UserError(`rollback: ${why}; valid choices: previous, ${list}`);
}

/** Matches a release id or sha (full, or an unambiguous prefix of at least 7 hex digits). */
function matching(state: DeployState, spec: string): ReleaseRecord[] {
  const s = spec.toLowerCase();
  const exact = state.releases.filter((r) => r.id === spec || r.sha === s);
  if (exact.length > 0 || !/^[0-9a-f]{7,40}$/.test(s)) return exact;
  return state.releases.filter((r) => r.sha.startsWith(s) || r.id.startsWith(s));
}

/**
 * Resolves the rollback target; throws a UserError listing the valid choices for an unknown,
 * ambiguous, failed or current release.
 */
export function resolveRollbackTarget(state: DeployState, spec = 'previous'): { current: ReleaseRecord; target: ReleaseRecord } {
  const current = currentRelease(state);
  if (!current) throw new UserError(`rollback: nothing is deployed on ${state.target} (no current release in the state file)`);
  if (spec === '' || spec === 'previous') {
    const target = predecessorOf(state, current);
    if (!target) refuse(state, `there is no release before ${shortSha(current.id)} to go back to`);
    return { current, target };
  }
  const found = matching(state, spec);
  if (found.length === 0) refuse(state, `unknown release ${JSON.stringify(spec)}`);
  if (found.length > 1) refuse(state, `${JSON.stringify(spec)} matches several releases`);
  const target = found[0]!;
  if (target.id === current.id) refuse(state, `${shortSha(target.id)} is already the current release`);
  if (!wentLive(target))
    refuse(
      state,
      `release ${shortSha(target.id)} is recorded as ${target.result}${target.error ? ` (${target.error.split('\n')[0]})` : ''}`,
    );
  return { current, target };
}
