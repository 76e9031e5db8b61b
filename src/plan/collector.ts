import { sortedUnique } from './changes.js';
import type { Action, Plan, Reason } from './types.js';

export type ServiceAction = Extract<Action, 'build' | 'recreate' | 'restart' | 'remove'>;

interface ReasonEntry {
  reason: Reason;
  files: Set<string>;
}

/** What a target is: a service, a task, or nothing (an ignore rule). */
type Target = { service: string } | { task: string } | Record<string, never>;

/** Accumulates the planner's decisions and their reasons; `finish` applies precedence and sorting. */
export class PlanCollector {
  private readonly services: Record<ServiceAction, Set<string>> = {
    build: new Set(),
    recreate: new Set(),
    restart: new Set(),
    remove: new Set(),
  };
  private readonly noCache = new Set<string>();
  private readonly tasks = new Set<string>();
  private readonly unmatched: string[] = [];
  private readonly reasons = new Map<string, ReasonEntry>();

  service(action: ServiceAction, service: string, rule: string, file?: string, detail?: string): void {
    this.services[action].add(service);
    this.explain({ service }, action, rule, file, detail);
  }

  task(task: string, rule: string, file?: string): void {
    this.tasks.add(task);
    this.explain({ task }, 'task', rule, file);
  }

  ignore(rule: string, file: string): void {
    this.explain({}, 'ignore', rule, file);
  }

  markNoCache(service: string): void {
    this.noCache.add(service);
  }

  unmatchedFile(file: string): void {
    this.unmatched.push(file);
  }

  private explain(target: Target, action: Action, rule: string, file?: string, detail?: string): void {
    const name = 'service' in target ? `s${target.service}` : 'task' in target ? `t${target.task}` : '-';
    const key = `${name}\0${action}\0${rule}`;
    let entry = this.reasons.get(key);
    if (!entry) {
      entry = { reason: { ...target, action, rule, files: [] }, files: new Set() };
      if (detail !== undefined) entry.reason.detail = detail;
      this.reasons.set(key, entry);
    }
    if (file !== undefined) entry.files.add(file);
  }

  /** Applies build > recreate > restart, noCache ⊆ build, task declaration order; sorts everything. */
  finish(head: Pick<Plan, 'from' | 'to' | 'changedFiles'>, taskOrder: string[], warnings: string[]): Plan {
    const build = sortedUnique(this.services.build);
    const recreate = sortedUnique([...this.services.recreate].filter((s) => !this.services.build.has(s)));
    const restart = sortedUnique(
      [...this.services.restart].filter((s) => !this.services.build.has(s) && !this.services.recreate.has(s)),
    );
    const reasons = [...this.reasons.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => ({ ...entry.reason, files: sortedUnique(entry.files) }));
    return {
      ...head,
      build,
      noCache: build.filter((s) => this.noCache.has(s)),
      recreate,
      restart,
      remove: sortedUnique(this.services.remove),
      tasks: taskOrder.filter((t) => this.tasks.has(t)),
      unmatched: sortedUnique(this.unmatched),
      reasons,
      warnings: sortedUnique(warnings),
    };
  }
}
