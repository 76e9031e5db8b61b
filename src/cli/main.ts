import { execute } from '../core/execute.js';
import { installInterruptHandlers } from '../core/interrupt.js';
import { reportFailure } from '../core/failure.js';
import { newReport } from '../core/report.js';
import { parseCli, USAGE } from './args.js';
import { printReport } from './print.js';
import { CliReporter } from './reporter.js';

/** CLI entry: same core as the Action; exit 0 ok, 1 failed run, 2 bad input. */
export async function cliMain(argv: string[]): Promise<number> {
  const reporter = new CliReporter();
  installInterruptHandlers((m) => reporter.warning(m));
  let json = false;
  const report = newReport(argv[0] ?? 'help');
  try {
    const settings = parseCli(argv, process.env);
    if (!settings) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = settings.json;
    report.command = settings.command;
    report.target = settings.target;
    for (const s of [settings.ssh.privateKey, settings.dbPassword]) if (s) reporter.secret(s);
    await execute(settings, reporter, report);
    if (settings.dryRun && settings.command !== 'plan') report.result = 'dry-run';
  } catch (e) {
    const { message, exitCode } = reportFailure(e, reporter);
    if (report.result !== 'rolled-back') report.result = 'failure';
    report.error = message;
    if (report.phases.length > 0 || report.plan) printReport(report, json);
    return exitCode;
  }
  printReport(report, json);
  return 0;
}
