import { installInterruptHandlers } from '../../core/interrupt.js';
import { newReport } from '../../session/report.js';
import { COMMANDS } from '../../core/settings.js';
import { runAndFinish } from '../finish.js';
import { isCliText, parseCli, type CliText } from './args.js';
import { printFailure, printReport } from './print.js';
import { colourEnabled } from './colour.js';
import { CliReporter } from './reporter.js';

/** CLI entry: same core as the Action; exit 0 ok, 1 failed run, 2 bad input. */
export async function cliMain(argv: string[]): Promise<number> {
  const reporter = new CliReporter();
  const colour = colourEnabled(process.env, process.stderr.isTTY === true);
  reporter.configure({ verbosity: 'normal', colour });
  installInterruptHandlers((m) => reporter.warning(m));
  const report = newReport(COMMANDS.find((c) => argv.includes(c)) ?? 'gitops-deploy');
  let text: CliText | undefined;
  const read = () => {
    const parsed = parseCli(argv, process.env);
    if (!isCliText(parsed)) {
      reporter.configure({ verbosity: parsed.verbosity ?? 'normal', colour });
      return parsed;
    }
    text = parsed;
    return null;
  };
  const { settings, failure } = await runAndFinish(read, reporter, report);
  // known before parsing, so that even a bad flag (`--json=1` too) answers in JSON
  const json = settings?.json ?? argv.some((a) => a === '--json' || a.startsWith('--json='));
  if (failure) {
    printFailure(report, failure.error, json);
    return failure.exitCode;
  }
  if (text && json && text.exitCode !== 0) {
    // a bare call: the usage went to stderr, stdout still holds one JSON object
    process.stderr.write(`${text.text}\n`);
    Object.assign(report, { result: 'failure', error: 'no command given' });
    printFailure(report, undefined, true);
    return text.exitCode;
  }
  if (text) {
    (text.exitCode === 0 ? process.stdout : process.stderr).write(`${text.text}\n`);
    return text.exitCode;
  }
  printReport(report, json);
  return 0;
}
