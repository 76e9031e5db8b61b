/**
 * What a live release leaves on the host, in one round trip (pure script text and its parsing):
 * state.json written atomically first (it must say the release is live even if what follows
 * fails), then what the release keeps (image tags; a failure only warns), the audit line, what the
 * run removes once recorded (the in-progress marker), and the listing the prune decides on (or the
 * prune itself, decided before), last the deploy lock's release (the state is written by then). Stdin:
 * the audit line (one JSON line), then the state text.
 */
import { appendScript, atomicWriteScript } from '../transport/remote-files.js';

export const STATE_FAILED = 11;
export const AUDIT_FAILED = 12;
export const DONE_FAILED = 13;
const KEEP_FAILED = '@keep-failed';
const UNLOCKED = '@unlocked';

export interface RecordScriptInput {
  statePath: string;
  /** the temp file the state is written to before its rename */
  stateTmp: string;
  auditPath: string;
  /** commands that keep what the release needs besides its record (their stdout is dropped) */
  keep?: string;
  /** commands run once the state and the audit line are written (their failure fails the record, exit DONE_FAILED) */
  done?: string;
  /** script printing what the prune decides on (its output is the listing) */
  listing?: string;
  /** the prune, decided before (its output is the listing's; it always exits 0) */
  prune?: string;
  /** the deploy lock's release, the very last step (prints UNLOCKED once released; its failure leaves the release to the session) */
  unlock?: string;
}

export function recordScript(o: RecordScriptInput): string {
  return [
    `IFS= read -r audit || exit ${AUDIT_FAILED}`,
    `{ ${atomicWriteScript(o.statePath, o.stateTmp, `exit ${STATE_FAILED}`)}; } || exit ${STATE_FAILED}`,
    ...(o.keep ? [`( ${o.keep} ) >/dev/null || echo ${KEEP_FAILED}`] : []),
    `{ ${appendScript(o.auditPath, `printf '%s\\n' "$audit"`)}; } || exit ${AUDIT_FAILED}`,
    ...(o.done ? [`{ ${o.done}; } || exit ${DONE_FAILED}`] : []),
    ...(o.listing ? [o.listing] : []),
    ...(o.prune ? [`( ${o.prune} )`] : []),
    ...(o.unlock ? [`{ ${o.unlock}; } >/dev/null 2>&1 && echo ${UNLOCKED}`, 'exit 0'] : []),
    ...(o.listing || o.prune || o.unlock ? [] : ['exit 0']),
  ].join('\n');
}

/** The script's stdin: the audit line first (JSON has no raw newline), then the state text. */
export const recordInput = (auditLine: string, stateText: string): string => `${auditLine}\n${stateText}`;

export interface RecordOutput {
  keepFailed: boolean;
  /** what the listing (or the prune) printed */
  listing: string;
  /** the lock was released by the script */
  unlocked: boolean;
}

export function parseRecordOutput(stdout: string): RecordOutput {
  const lines = stdout.split('\n');
  const listing = lines.filter((l) => l !== KEEP_FAILED && l !== UNLOCKED).join('\n');
  return { keepFailed: lines.includes(KEEP_FAILED), listing, unlocked: lines.includes(UNLOCKED) };
}
