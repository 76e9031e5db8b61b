import { reportFailure } from '../core/failure.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';

export interface Finished {
  /** the settings that were read (null: none, e.g. the CLI printed its help or the input was bad) */
  settings: Settings | null;
  /** set when the run failed: the error, its message (reported once) and the exit code */
  failure?: { error: unknown; message: string; exitCode: number };
}

/**
 * The run shared by the Action and the CLI: reads the settings, masks their secrets, runs the
 * command and finishes the report: `dry-run` for a dry run; on failure the error reported once
 * and the result `failure` (unless the automatic rollback already said `rolled-back`). Never throws.
 * `onlyLocated`: the caller prints the message itself, only located errors are annotated.
 */
export async function runAndFinish(
  read: () => Settings | null,
  reporter: Reporter,
  report: RunReport,
  opts: { onlyLocated?: boolean } = {},
): Promise<Finished> {
  let settings: Settings | null = null;
  try {
    settings = read();
    if (!settings) return { settings };
    report.command = settings.command;
    report.target = settings.target;
    for (const s of [settings.ssh.privateKey, settings.dbPassword, settings.registryPassword]) if (s) reporter.secret(s);
    // loaded only once there is a command to run: `--help` stays light
    const { execute } = await import('../commands/execute.js');
    await execute(settings, reporter, report);
    if (settings.dryRun && settings.command !== 'plan') report.result = 'dry-run';
    return { settings };
  } catch (error) {
    const { message, exitCode } = reportFailure(error, reporter, opts);
    if (report.result !== 'rolled-back') report.result = 'failure';
    report.error = message;
    return { settings, failure: { error, message, exitCode } };
  }
}
