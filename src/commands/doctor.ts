import type { Config } from '../config/schema.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import type { RunReport } from '../session/report.js';

export async function doctorCommand(_settings: Settings, _config: Config, _reporter: Reporter, _report: RunReport): Promise<void> {
  throw new Error('doctor: not written yet');
}
