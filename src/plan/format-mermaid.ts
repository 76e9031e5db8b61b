import type { Plan, Reason } from './types.js';

const FILE_NODES = 30;

/** Mermaid label text inside ["..."]: entity codes for every character with a meaning there. */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[#"<>[\](){}|`\\;&]/g, (c) => (c === '"' ? '#quot;' : `#${c.charCodeAt(0)};`));
}

class Graph {
  private readonly ids = new Map<string, string>();
  readonly lines: string[] = [];
  private readonly edges = new Set<string>();

  node(key: string, prefix: string, label: string): string {
    let id = this.ids.get(key);
    if (!id) {
      id = `${prefix}${this.ids.size}`;
      this.ids.set(key, id);
      this.lines.push(`  ${id}["${escapeMermaidLabel(label)}"]`);
    }
    return id;
  }

  edge(from: string, to: string, label?: string): void {
    const line = label ? `  ${from} -->|${escapeMermaidLabel(label)}| ${to}` : `  ${from} --> ${to}`;
    if (!this.edges.has(line)) {
      this.edges.add(line);
      this.lines.push(line);
    }
  }
}

function targetNode(graph: Graph, reason: Reason): string | undefined {
  if (reason.task !== undefined) return graph.node(`t\0${reason.task}`, 't', `task ${reason.task}`);
  if (reason.service !== undefined) return graph.node(`s\0${reason.service}`, 's', reason.service);
  return undefined;
}

/**
 * `graph LR` of files → rules → services/tasks, from the plan's reasons. At most 30 file nodes (the
 * first in sorted order); the other files are one "+N files" node. Returns "" when there is nothing.
 */
export function planMermaid(plan: Plan): string {
  if (plan.reasons.length === 0) return '';
  const allFiles = [...new Set(plan.reasons.flatMap((r) => r.files))].sort();
  const shown = new Set(allFiles.slice(0, FILE_NODES));
  const hidden = allFiles.length - shown.size;
  const graph = new Graph();
  for (const reason of plan.reasons) {
    const rule = graph.node(`r\0${reason.rule}`, 'r', reason.rule);
    for (const file of reason.files) {
      const from = shown.has(file) ? graph.node(`f\0${file}`, 'f', file) : graph.node('more', 'm', `+${hidden} files`);
      graph.edge(from, rule);
    }
    const target = targetNode(graph, reason);
    if (target) graph.edge(rule, target, reason.action);
  }
  return ['graph LR', ...graph.lines].join('\n');
}
