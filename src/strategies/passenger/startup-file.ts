/** The commit a passenger deploy ships must hold <app_root>/passenger_wsgi.py: Passenger starts the app from it. */
import { posix } from 'node:path';
import type { PassengerTarget } from '../../config/schema.js';
import { UserError } from '../../core/errors.js';
import { shortSha } from '../../core/text.js';
import { PASSENGER_STARTUP_FILE } from './paths.js';

/** The refusal for a commit (`sha`) whose tracked `files` lack the startup file at `appRoot`, naming those it has. */
export function startupFileProblem(files: readonly string[], appRoot: string, sha: string): string | undefined {
  const want = posix.normalize(posix.join(appRoot, PASSENGER_STARTUP_FILE));
  if (files.includes(want)) return undefined;
  const found = files
    .filter((f) => posix.basename(f) === PASSENGER_STARTUP_FILE)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const hint = found.length > 0 ? ` It has ${found.join(', ')}: set app_root: ${posix.dirname(found[0]!)}.` : '';
  return `commit ${shortSha(sha)} has no ${PASSENGER_STARTUP_FILE} at app_root "${appRoot}" (${want}), the file Passenger starts the app from.${hint} Nothing was deployed.`;
}

/**
 * Refuses (UserError, before anything changes) a commit without the startup file at the target's
 * app_root; `files`: the commit's tracked files, as the planner read them (unknown: no check).
 */
export function requireStartupFile(files: readonly string[] | undefined, sha: string, target: PassengerTarget): void {
  const problem = files && startupFileProblem(files, target.app_root, sha);
  if (problem) throw new UserError(problem);
}
