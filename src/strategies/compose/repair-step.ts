/** The repair of an interrupted deploy as a step of a run (deploy, rollback): inspect, repair, warn loudly. */
import { phase, type Session } from '../../session/session.js';
import type { ComposeTarget } from '../../config/schema.js';
import type { ReleaseRecord } from '../../record/state-model.js';
import { layoutOf } from '../../sync/layout.js';
import { composeInvocation } from '../../apply/compose-target.js';
import { describeDamage, inspectHost } from '../../sync/in-progress.js';
import { repairHost } from './repair.js';

/**
 * Before a run changes anything: when a previous run was cut off or killed mid-deploy, the host
 * goes back to `live` (the release state.json records) in a 'Repair' phase, with a warning. One
 * round trip when there is nothing to repair. `reupload` puts the live release's files back
 * (in-place layout).
 */
export async function repairStep(
  s: Session,
  target: ComposeTarget,
  live: ReleaseRecord | undefined,
  reupload: (sha: string) => Promise<unknown>,
): Promise<void> {
  const layout = layoutOf(target.path);
  const releases = target.layout === 'releases';
  const found = await inspectHost(s.conn.exec, layout);
  const damage = describeDamage(found, live, releases);
  if (!damage) return;
  const inv = composeInvocation(s.config, releases ? layout.current : layout.root);
  const req = { exec: s.conn.exec, reporter: s.reporter, layout, releases, inv, live, reupload };
  const warning = await phase(s, 'Repair', () => repairHost(req, found, damage));
  s.reporter.warning(warning);
  s.report.warnings.push(warning);
}
