/**
 * The host side of a passenger rollback: the target's code (kept or re-uploaded release directory,
 * or the in-place snapshot), pip into the venv, the `current` switch + restart, and their undo.
 */
import type { Session } from '../session/session.js';
import { UserError } from '../core/errors.js';
import { installRequirements } from '../strategies/passenger/host-steps.js';
import { restoreCodeSnapshot, switchAndRestart } from '../strategies/passenger/phases.js';
import { codeSnapshotScript } from '../strategies/passenger/host-sync.js';
import type { PassengerPaths } from '../strategies/passenger/paths.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { shellQuote as q } from '../transport/quote.js';
import type { PassengerRollback } from './types.js';
import { shortSha as short } from '../core/text.js';

/** In-place: refuses (before anything changes) when no snapshot of the target's code is kept. */
export async function requireCodeSource(s: Session, paths: PassengerPaths, to: ReleaseRecord): Promise<void> {
  if (paths.releases) return;
  const dir = paths.snapshotOf(to.id);
  const r = await s.conn.exec.sh(`test -d ${q(dir)}`, { allowFailure: true });
  if (r.code === 0) return;
  throw new UserError(
    `rollback: layout in-place keeps earlier code only as snapshots, and there is no snapshot of ${short(to.id)} (${dir}: pruned, or never replaced by a deploy); nothing was changed. Redeploy it instead: command: deploy, to: ${to.sha}`,
  );
}

/** In-place: snapshots the current code (for the undo and a later rollback), then restores the target's. */
export async function restoreInPlaceCode(r: PassengerRollback): Promise<void> {
  const { s, paths, target } = r;
  await s.conn.exec.sh(codeSnapshotScript(target, r.current.id));
  r.progress.reach('code');
  await restoreCodeSnapshot(r, r.to.id);
  s.reporter.info(`code of ${short(r.to.id)} restored from ${paths.snapshotOf(r.to.id)} (snapshot of ${short(r.current.id)} taken first)`);
}

/** pip install -r <requirements> of release `id` into the venv. */
export function installRequirementsOf(r: PassengerRollback, id: string): Promise<void> {
  return installRequirements(r.s.conn.exec, r.target, r.paths.venv, r.paths.appRootOf(id), r.s.reporter);
}

/** Puts the code of the release that was current back (code, venv, `current`, restart); what was done. */
export async function undoCode(r: PassengerRollback): Promise<string[]> {
  const { paths, progress: p, current } = r;
  const done: string[] = [];
  if (!paths.releases && p.has('code')) done.push(await restoreCodeSnapshot(r, current.id));
  if (p.has('build')) {
    await installRequirementsOf(r, current.id);
    done.push(`requirements of ${short(current.id)} reinstalled`);
  }
  if (p.has('switch') || p.has('code')) {
    await switchAndRestart(r, current.id, r.to.id);
    done.push(paths.releases ? 'current switched back, app restarted' : 'app restarted');
  }
  return done;
}
