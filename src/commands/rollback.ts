import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { RunReport } from '../core/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { rollbackCompose } from '../rollback/compose.js';
import { withSession } from './deploy.js';

/** `rollback`: back to `previous`, a release id or a sha deployed successfully (see rollback/compose.ts). */
export async function rollbackCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  await withSession(settings, config, reporter, report, async (s) => {
    if (s.target.strategy === 'compose') return rollbackCompose(s, s.target);
    throw new UserError(`rollback for passenger targets: not available yet (target ${s.targetName}); redeploy the wanted commit with command: deploy, to: <sha>`);
  });
}
