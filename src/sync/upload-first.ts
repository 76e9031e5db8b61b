/**
 * What an upload runs before anything it changes on the host (a compose deploy's in-progress
 * record), in its first round trip that changes the host: the diff upload's script, else the
 * mkdir of the destination. Should it fail, the upload stops there, having changed nothing.
 */
import { CommandError, type Executor, type ExecResult } from '../transport/types.js';

export interface UploadFirst {
  /** POSIX sh run in a subshell; it must not read stdin (the diff upload's payload) */
  script: string;
  /** what failed, for the error: e.g. "could not write the in-progress record" */
  what: string;
}

/** The exit code of a round trip whose `first` script failed (nothing after it ran). */
export const FIRST_FAILED_CODE = 9;

/** Script (pure): `first` in a subshell (`onFail` when it fails: exit FIRST_FAILED_CODE), then `then`. */
export function firstThen(first: string | undefined, then: string, onFail = `exit ${FIRST_FAILED_CODE}`): string {
  return first === undefined ? then : `( ${first} ) || ${onFail}\n${then}`;
}

/** Throws when `first` failed in the round trip that gave `r`. */
export function checkFirst(first: UploadFirst | undefined, r: ExecResult): void {
  if (first && r.code === FIRST_FAILED_CODE) throw new Error(`${first.what}: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/** Runs `then` after `first` (if any) in one round trip: throws when `first` failed (checkFirst), or then `then`. */
export async function shFirstThen(exec: Executor, first: UploadFirst | undefined, then: string): Promise<ExecResult> {
  const script = firstThen(first?.script, then);
  const r = await exec.sh(script, { allowFailure: true });
  checkFirst(first, r);
  if (r.code !== 0) throw new CommandError(script, r);
  return r;
}
