import { UserError, UserErrors, EXIT_FAILURE, EXIT_USER_ERROR } from './errors.js';
import type { Reporter } from './reporter.js';

/**
 * Reports an error once (each config problem with its location) and returns the exit code.
 * `onlyLocated`: the caller prints the message itself (core.setFailed), so only annotate located errors.
 */
export function reportFailure(e: unknown, reporter: Reporter, opts: { onlyLocated?: boolean } = {}): { message: string; exitCode: number } {
  const say = (message: string, location?: UserError['location']): void => {
    if (!opts.onlyLocated || location) reporter.error(message, location);
  };
  if (e instanceof UserErrors) {
    for (const err of e.errors) say(err.message, err.location);
    return { message: e.message, exitCode: EXIT_USER_ERROR };
  }
  if (e instanceof UserError) {
    say(e.message, e.location);
    return { message: e.message, exitCode: EXIT_USER_ERROR };
  }
  const message = e instanceof Error ? e.message : String(e);
  say(message);
  if (process.env.GITOPS_DEBUG && e instanceof Error && e.stack) reporter.info(e.stack);
  return { message, exitCode: EXIT_FAILURE };
}
