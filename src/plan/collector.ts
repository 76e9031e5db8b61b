import { sortedUnique } from './changes.js';
import type { Action, Plan, Reason } from './types.js';

export type ServiceAction = Extract<Action, 'build' | 'recreate' | 'restart' | 'remove' | 'upload'>;

/** Reasons by rule, then action, then target key ("s:web", "t:migrate", "" for an ignore rule). */
type ReasonTree = Map<string, Map<Action, Map<string, Reason>>>;

function child<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

const byKey = <T>(a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function isSortedUnique(list: string[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1] as string) >= (list[i] as string)) return false;
  return true;
}

/** Accumulates the planner's decisions and their reasons; `finish` applies precedence and sorting. */
export class PlanCollector {
  private readonly services: Record<ServiceAction, Set<string>> = {
    build: new Set(),
    recreate: new Set(),
    restart: new Set(),
    remove: new Set(),
    upload: new Set(),
  };
  private readonly noCache = new Set<string>();
  private readonly tasks = new Set<string>();
  private readonly unmatched: string[] = [];
  private readonly reasons: ReasonTree = new Map();

  service(action: ServiceAction, service: string, rule: string, file?: string, detail?: string): void {
    this.services[action].add(service);
    this.explain(`s:${service}`, { service }, action, rule, file, detail);
  }

  task(task: string, rule: string, file?: string, detail?: string): void {
    this.tasks.add(task);
    this.explain(`t:${task}`, { task }, 'task', rule, file, detail);
  }

  ignore(rule: string, file: string): void {
    this.explain('', {}, 'ignore', rule, file);
  }

  /** The services planned for `action` so far (before precedence). */
  planned(action: ServiceAction): ReadonlySet<string> {
    return this.services[action];
  }

  markNoCache(service: string): void {
    this.noCache.add(service);
  }

  unmatchedFile(file: string): void {
    this.unmatched.push(file);
  }

  private explain(key: string, target: Partial<Reason>, action: Action, rule: string, file?: string, detail?: string): void {
    const byTarget = child(
      child(this.reasons, rule, () => new Map()),
      action,
      () => new Map<string, Reason>(),
    );
    const reason = child(byTarget, key, () => ({
      ...target,
      action,
      rule,
      files: [] as string[],
      ...(detail === undefined ? {} : { detail }),
    }));
    // files usually arrive sorted, once each: skip the repeat of the last one, sort in finish if needed
    if (file !== undefined && reason.files[reason.files.length - 1] !== file) reason.files.push(file);
  }

  private sortedReasons(): Reason[] {
    const keyed: [string, Reason][] = [];
    for (const [rule, byAction] of this.reasons) {
      for (const [action, byTarget] of byAction) {
        for (const [target, reason] of byTarget) keyed.push([`${target}\0${action}\0${rule}`, reason]);
      }
    }
    return keyed.sort(byKey).map(([, r]) => ({ ...r, files: isSortedUnique(r.files) ? r.files : sortedUnique(r.files) }));
  }

  /** Applies build > recreate > restart, noCache ⊆ build, task declaration order; sorts everything. */
  finish(head: Pick<Plan, 'from' | 'to' | 'changedFiles' | 'fromUnknownReason'>, taskOrder: string[], warnings: string[]): Plan {
    const { build: built, recreate: recreated, restart: restarted } = this.services;
    const build = sortedUnique(built);
    return {
      ...head,
      build,
      noCache: build.filter((s) => this.noCache.has(s)),
      recreate: sortedUnique([...recreated].filter((s) => !built.has(s))),
      restart: sortedUnique([...restarted].filter((s) => !built.has(s) && !recreated.has(s))),
      remove: sortedUnique(this.services.remove),
      upload: sortedUnique(this.services.upload),
      tasks: taskOrder.filter((t) => this.tasks.has(t)),
      unmatched: isSortedUnique(this.unmatched) ? [...this.unmatched] : sortedUnique(this.unmatched),
      reasons: this.sortedReasons(),
      warnings: sortedUnique(warnings),
    };
  }
}
