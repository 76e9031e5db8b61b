import { UserErrors } from '../../core/errors.js';
import type { RunReport } from '../../session/report.js';
import { humanBytes } from '../../core/units.js';
import { formatPlanTable } from '../../plan/format.js';

const writeJson = (body: unknown): void => void process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);

/** Prints the run's result on stdout: the plan JSON/table for `plan`, the whole report otherwise. */
export function printReport(report: RunReport, json: boolean): void {
  if (json) {
    writeJson(report.command === 'plan' && report.plan ? report.plan : report);
    return;
  }
  const lines: string[] = [];
  if (report.plan) lines.push(formatPlanTable(report.plan));
  for (const p of report.phases)
    lines.push(
      `${p.status === 'ok' ? '✔' : p.status === 'failed' ? '✘' : '-'} ${p.name.padEnd(24)} ${String(p.ms).padStart(7)} ms${p.detail ? `  ${p.detail.split('\n')[0]}` : ''}`,
    );
  if (report.backup) lines.push(`backup: ${report.backup.file} (${humanBytes(report.backup.size)}, sha256 ${report.backup.sha256})`);
  if (report.release) lines.push(`release: ${report.release}${report.previousRelease ? ` (previous: ${report.previousRelease})` : ''}`);
  lines.push(...report.notes);
  if (report.command !== 'plan' || report.result !== 'success') lines.push(`result: ${report.result}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * After a failure (the error itself is already on stderr): with --json, always one JSON object
 * on stdout, `{ "error": ..., "errors": [...located problems], ...the report }`; without, the
 * report when the run got anywhere.
 */
export function printFailure(report: RunReport, e: unknown, json: boolean): void {
  if (json) {
    const errors = e instanceof UserErrors ? e.errors.map((x) => ({ message: x.message, ...x.location })) : undefined;
    writeJson({ error: report.error, ...(errors ? { errors } : {}), ...report });
    return;
  }
  if (report.phases.length > 0 || report.plan) printReport(report, false);
}
