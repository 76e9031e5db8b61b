import {
  firstDeployLines,
  ignoredFiles,
  isEmptyPlan,
  nothingToDeploy,
  planHeadline,
  planRows,
  plural,
  revisionRange,
  type PlanRow,
} from './explain.js';
import { DEFAULT_STOP_GRACE_SECONDS } from '../compose/stop-grace.js';
import { planMermaid } from './format-mermaid.js';
import type { Plan } from './types.js';

const UNMATCHED_SHOWN = 10;

function alignedTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function listWithMore(title: string, items: string[], shown: number): string[] {
  if (items.length === 0) return [];
  const more = items.length - shown;
  return [`${title} (${items.length}):`, ...items.slice(0, shown).map((f) => `  ${f}`), ...(more > 0 ? [`  +${more} more`] : [])];
}

const startFirstLine = (services: string[]): string =>
  `Start-first: ${services.join(', ')} (the new container starts beside the old one, which is removed once the new one is healthy and has run for the service's overlap)`;

const stopGraceLine = (grace: Record<string, number>): string =>
  `Stop grace period (SIGTERM, then this long to finish before SIGKILL): ${Object.entries(grace)
    .map(([s, seconds]) => `${s} ${seconds}s`)
    .join(', ')}; other services ${DEFAULT_STOP_GRACE_SECONDS}s (Docker's default)`;

/** "Order: services, then tasks collectstatic, then nginx (a task's `before`)". */
const afterTasksLine = (plan: Plan): string =>
  `Order: the other services, then tasks ${plan.tasks.join(', ')}, then ${(plan.afterTasks ?? []).join(', ')} (held by a task's \`before\`)`;

/** Readable text plan for the CLI: services, tasks, ignored/unmatched files, warnings. */
export function formatPlanTable(plan: Plan): string {
  const out: string[] = [];
  out.push(planHeadline(plan));
  if (plan.from === null) out.push(...firstDeployLines(plan));
  if (isEmptyPlan(plan)) {
    out.push(nothingToDeploy(plan));
  } else {
    const { services, tasks } = planRows(plan);
    const toCells = (r: PlanRow): string[] => [r.name, r.action, r.because];
    if (services.length > 0) out.push('', ...alignedTable(['SERVICE', 'ACTION', 'BECAUSE'], services.map(toCells)));
    if (tasks.length > 0)
      out.push(
        '',
        ...alignedTable(
          ['TASK', 'BECAUSE'],
          tasks.map((t) => [t.name, t.because]),
        ),
      );
  }
  if (plan.startFirst) out.push('', startFirstLine(plan.startFirst));
  if (plan.stopGrace) out.push('', stopGraceLine(plan.stopGrace));
  if (plan.afterTasks) out.push('', afterTasksLine(plan));
  const ignored = ignoredFiles(plan);
  if (ignored.length > 0) out.push('', `Ignored: ${ignored.length} file${ignored.length === 1 ? '' : 's'}`);
  const unmatched = listWithMore('Unmatched files, no effect', plan.unmatched, UNMATCHED_SHOWN);
  if (unmatched.length > 0) out.push('', ...unmatched);
  if (plan.warnings.length > 0) out.push('', 'Warnings:', ...plan.warnings.map((w) => `  ! ${w}`));
  return out.join('\n');
}

/** Escapes text for a markdown table cell (file names can contain anything). */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Markdown plan for a job summary: table, counts, unmatched files, mermaid graph files → rules → services. */
export function formatPlanMarkdown(plan: Plan): string {
  const out = [`### Deploy plan \`${revisionRange(plan)}\``, ''];
  if (plan.from === null) {
    const [why, does] = firstDeployLines(plan).map(escapeMarkdownCell);
    out.push(`**${why}**`, '', `${does}`, '');
  }
  if (isEmptyPlan(plan)) {
    out.push(escapeMarkdownCell(nothingToDeploy(plan)));
  } else {
    const { services, tasks } = planRows(plan);
    out.push('| Service / task | Action | Because |', '|---|---|---|');
    for (const row of [...services, ...tasks]) {
      out.push(`| ${escapeMarkdownCell(row.name)} | ${row.action} | ${escapeMarkdownCell(row.because)} |`);
    }
  }
  const counts = [
    plan.from === null ? 'first deploy' : plural(plan.changedFiles.length, 'changed file'),
    `${plan.build.length} build`,
    `${plan.recreate.length} recreate`,
    `${plan.restart.length} restart`,
    `${plan.remove.length} remove`,
    ...(plan.upload.length > 0 ? [`${plan.upload.length} upload + restart`] : []),
    plural(plan.tasks.length, 'task'),
    `${ignoredFiles(plan).length} ignored`,
    `${plan.unmatched.length} unmatched`,
  ];
  out.push('', counts.join(' · '));
  if (plan.startFirst) out.push('', escapeMarkdownCell(startFirstLine(plan.startFirst)));
  if (plan.stopGrace) out.push('', escapeMarkdownCell(stopGraceLine(plan.stopGrace)));
  if (plan.afterTasks) out.push('', escapeMarkdownCell(afterTasksLine(plan)));
  if (plan.unmatched.length > 0) {
    const shown = plan.unmatched.slice(0, 50).map((f) => `- ${escapeMarkdownCell(f)}`);
    const more = plan.unmatched.length > 50 ? [`- … +${plan.unmatched.length - 50} more`] : [];
    out.push('', `<details><summary>Unmatched files (${plan.unmatched.length})</summary>`, '', ...shown, ...more, '', '</details>');
  }
  const graph = planMermaid(plan);
  if (graph) out.push('', '```mermaid', graph, '```');
  return out.join('\n');
}
