/**
 * Services a task must run before (task option `before`): the seed's static case runs
 * `collectstatic` (in web, once web is up) and only then restarts nginx, which serves the files it
 * wrote. A held service is applied (up, restart) after the tasks instead of with the others.
 */
import { sortedUnique } from './changes.js';
import type { Plan, PlannerConfig } from './types.js';

/** Services of build/recreate/restart that a planned task lists in `before`, sorted; [] when none. */
export function servicesAfterTasks(plan: Plan, tasks: PlannerConfig['tasks']): string[] {
  const applied = new Set([...plan.build, ...plan.recreate, ...plan.restart]);
  return sortedUnique(plan.tasks.flatMap((t) => tasks[t]?.before ?? []).filter((s) => applied.has(s)));
}

/**
 * The plan split around the tasks: `before` has every service action except the held ones
 * (`plan.afterTasks`) and every removal; `after` has the held services only. Builds are not
 * split (every image is built before any service starts).
 */
export function splitAroundTasks(plan: Plan): { before: Plan; after: Plan } {
  const held = new Set(plan.afterTasks ?? []);
  const part = (after: boolean): Plan => {
    const keep = (list: string[]): string[] => list.filter((s) => held.has(s) === after);
    const startFirst = plan.startFirst ? { startFirst: keep(plan.startFirst) } : {};
    return {
      ...plan,
      build: keep(plan.build),
      recreate: keep(plan.recreate),
      restart: keep(plan.restart),
      remove: after ? [] : plan.remove,
      ...startFirst,
    };
  };
  return { before: part(false), after: part(true) };
}

/** The title of the step that applies the held services. */
export const heldTitle = (held: readonly string[]): string => `Apply after the tasks (${held.join(', ')})`;
