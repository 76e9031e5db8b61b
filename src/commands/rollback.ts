import type { Config } from '../config/schema.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { withSession } from '../session/session.js';
import { rollbackWith } from '../pipeline/rollback.js';
import { rollBackHosts } from '../pipeline/rolling-rollback.js';
import { rollbackOf } from '../rollback/index.js';

/**
 * `rollback`: back to `previous`, a release id or a sha deployed successfully, through the deploy
 * pipeline (pipeline/rollback.ts); a target with several hosts rolls them all back in batches
 * (pipeline/rolling-rollback.ts).
 */
export async function rollbackCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  await withSession(settings, config, reporter, report, (s) =>
    s.hosts.length > 1 ? rollBackHosts(s, rollbackOf(s.target)) : rollbackWith(s, rollbackOf(s.target)),
  );
}
