import type { Config } from '../config/schema.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { withSession } from '../session/session.js';
import { rollbackCompose } from '../rollback/compose.js';
import { rollbackPassenger } from '../rollback/passenger.js';

/** `rollback`: back to `previous`, a release id or a sha deployed successfully (see rollback/compose.ts, rollback/passenger.ts). */
export async function rollbackCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  await withSession(settings, config, reporter, report, async (s) => {
    if (s.target.strategy === 'compose') return rollbackCompose(s, s.target);
    return rollbackPassenger(s, s.target);
  });
}
