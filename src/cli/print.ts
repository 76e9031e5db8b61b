import type { RunReport } from '../core/report.js';
import { formatPlanTable } from '../plan/format.js';

/** Prints the run's result on stdout: the plan JSON/table for `plan`, the whole report otherwise. */
export function printReport(report: RunReport, json: boolean): void {
  if (json) {
    const body = report.command === 'plan' && report.plan ? report.plan : report;
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const lines: string[] = [];
  if (report.plan) lines.push(formatPlanTable(report.plan));
  for (const p of report.phases) lines.push(`${p.status === 'ok' ? '✔' : p.status === 'failed' ? '✘' : '-'} ${p.name.padEnd(24)} ${String(p.ms).padStart(7)} ms${p.detail ? `  ${p.detail.split('\n')[0]}` : ''}`);
  if (report.backup) lines.push(`backup: ${report.backup.file} (${report.backup.size} bytes, sha256 ${report.backup.sha256})`);
  if (report.release) lines.push(`release: ${report.release}${report.previousRelease ? ` (previous: ${report.previousRelease})` : ''}`);
  lines.push(...report.notes);
  if (report.command !== 'plan' || report.result !== 'success') lines.push(`result: ${report.result}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
