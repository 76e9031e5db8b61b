/**
 * When a start or a health check fails: the logs that explain it (`compose logs --tail 100` of
 * the services it touched, the Passenger/Apache error-log tail), collected before the undo
 * replaces what failed, shown in the log and kept in the report for the job summary.
 */
import type { Session } from '../session/session.js';
import type { ExecResult } from '../transport/types.js';

export const DIAGNOSIS_LINES = 100;

export interface LogSource {
  /** what the reader is shown, e.g. "docker compose logs --tail 100 web" */
  title: string;
  /** reads the logs (allowFailure: a missing log must not hide the failure itself) */
  read: () => Promise<ExecResult>;
}

async function collect(s: Session, sources: LogSource[]): Promise<void> {
  for (const source of sources) {
    const r = await source.read().catch((e: Error) => ({ code: 1, stdout: '', stderr: e.message }));
    const text = `${r.stdout}${r.stderr}`.trimEnd() || `(no output, exit ${r.code})`;
    s.report.diagnostics = [...(s.report.diagnostics ?? []), { title: source.title, text }];
    s.reporter.info(`${source.title}:`);
    for (const line of text.split('\n')) s.reporter.info(`  | ${line}`);
  }
}

/** Runs `fn`; when it fails, collects the logs of `sources()` first, then rethrows. */
export async function withLogsOnFailure<T>(s: Session, sources: () => LogSource[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await collect(s, sources());
    throw e;
  }
}
