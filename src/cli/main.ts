import { execute } from '../core/execute.js';
import { installInterruptHandlers } from '../core/interrupt.js';
import { reportFailure } from '../core/failure.js';
import { newReport } from '../core/report.js';
import { COMMANDS } from '../core/settings.js';
import { isCliText, parseCli } from './args.js';
import { printFailure, printReport } from './print.js';
import { CliReporter } from './reporter.js';

/** CLI entry: same core as the Action; exit 0 ok, 1 failed run, 2 bad input. */
export async function cliMain(argv: string[]): Promise<number> {
  const reporter = new CliReporter();
  installInterruptHandlers((m) => reporter.warning(m));
  // known before parsing, so that even a bad flag answers in JSON
  let json = argv.includes('--json');
  const report = newReport(COMMANDS.find((c) => argv.includes(c)) ?? 'gitops-deploy');
  try {
    const parsed = parseCli(argv, process.env);
    if (isCliText(parsed)) {
      (parsed.exitCode === 0 ? process.stdout : process.stderr).write(`${parsed.text}\n`);
      return parsed.exitCode;
    }
    const settings = parsed;
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
    printFailure(report, e, json);
    return exitCode;
  }
  printReport(report, json);
  return 0;
}
