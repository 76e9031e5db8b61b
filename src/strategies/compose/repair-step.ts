/** The repair of an interrupted deploy as a step of a run (deploy, rollback): inspect, repair, warn loudly. */
import { phase, type Session } from '../../session/session.js';
import type { ComposeTarget } from '../../config/schema.js';
import type { ReleaseRecord } from '../../record/state-model.js';
import { composeSite } from './run.js';
import { describeDamage, inspectHost, parseInspection } from '../../sync/in-progress.js';
import { repairHost } from './repair.js';

/**
 * Before a run changes anything: when a previous run was cut off or killed mid-deploy, the host
 * goes back to `live` (the release state.json records) in a 'Repair' phase, with a warning. One
 * round trip when there is nothing to repair, none when `inspected` (what inspectHostScript
 * printed, read under the same lock before the plan) is given. `reupload` puts the live release's
 * files back (in-place layout).
 */
export async function repairStep(
  s: Session,
  target: ComposeTarget,
  live: ReleaseRecord | undefined,
  reupload: (sha: string) => Promise<unknown>,
  inspected?: string,
): Promise<void> {
  const { layout, releases, inv } = composeSite(s.config, target);
  const found = inspected === undefined ? await inspectHost(s.conn.exec, layout) : parseInspection(inspected);
  const damage = describeDamage(found, live, releases);
  if (!damage) return;
  const req = { exec: s.conn.exec, reporter: s.reporter, layout, releases, inv, live, reupload };
  const warning = await phase(s, 'Repair', () => repairHost(req, found, damage));
  s.reporter.warning(warning);
  s.report.warnings.push(warning);
}
