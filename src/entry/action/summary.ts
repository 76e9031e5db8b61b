import * as core from '@actions/core';
import type { RunReport } from '../../session/report.js';
import { humanBytes } from '../../core/units.js';
import { formatPlanMarkdown } from '../../plan/format.js';

const escapeHtml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Text as a fenced block; a ``` inside (remote output: a task's, a log's) would close it early. */
const fenced = (text: string): string[] => ['```', text.replace(/```/g, "'''"), '```'];

/** Renders the whole run as markdown (pure, tested). */
export function summaryMarkdown(report: RunReport): string {
  const icon = report.result === 'success' ? '✅' : report.result === 'dry-run' ? '📝' : '❌';
  const out: string[] = [`## ${icon} gitops-deploy ${report.command}${report.target ? ` → ${report.target}` : ''}: ${report.result}`];
  if (report.error) out.push('', ...fenced(report.error));
  if (report.release)
    out.push('', `Release \`${report.release}\`${report.previousRelease ? ` (previous \`${report.previousRelease}\`)` : ''}`);
  if (report.backup)
    out.push('', `Backup \`${report.backup.file}\`: ${humanBytes(report.backup.size)}, sha256 \`${report.backup.sha256}\``);
  if (report.phases.length > 0) {
    out.push('', '| phase | status | duration |', '|---|---|---:|');
    for (const p of report.phases) out.push(`| ${p.name} | ${p.status} | ${(p.ms / 1000).toFixed(2)} s |`);
  }
  if (report.plan) out.push('', formatPlanMarkdown(report.plan));
  for (const d of report.diagnostics ?? [])
    out.push('', `<details open><summary>${escapeHtml(d.title)}</summary>`, '', ...fenced(d.text), '', '</details>');
  if (report.warnings.length > 0) out.push('', '### Warnings', ...report.warnings.map((w) => `- ${w}`));
  if (report.notes.length > 0) out.push('', ...report.notes);
  return out.join('\n');
}

/** Writes the job summary once; never throws (a summary problem must not mask the run's result). */
export async function writeSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(summaryMarkdown(report), true).write();
  } catch (e) {
    core.warning(`could not write the job summary: ${(e as Error).message}`);
  }
}
