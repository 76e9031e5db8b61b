import { canonicalJson } from '../compose/values.js';
import type { ComposeModel } from '../plan/types.js';

/**
 * Groups services to build by identical build definitions (same context, Dockerfile, args...):
 * each group is built once and its image tagged for the others. Order follows `services`, except
 * that a group comes after the groups building the images it builds on (`build.fromServices`: a
 * Dockerfile `FROM app-base`, `additional_contexts: service:base`), so it gets their new image.
 */
export function buildGroups(services: readonly string[], model: ComposeModel): string[][] {
  const groups = new Map<string, string[]>();
  for (const name of services) {
    const def = model.services[name]?.definition.build;
    const key = def === undefined ? `!${name}` : canonicalJson(def);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return inBuildOrder([...groups.values()], model);
}

/** `groups` in order, each moved after the groups building its services' bases (a cycle keeps the rest in order). */
function inBuildOrder(groups: string[][], model: ComposeModel): string[][] {
  const planned = new Set(groups.flat());
  const done = new Set<string>();
  const out: string[][] = [];
  let waiting = groups;
  while (waiting.length > 0) {
    const ready = waiting.filter((g) =>
      g.every((s) => (model.services[s]?.build?.fromServices ?? []).every((b) => !planned.has(b) || done.has(b) || g.includes(b))),
    );
    const next = ready.length > 0 ? ready : waiting;
    for (const g of next) {
      out.push(g);
      for (const s of g) done.add(s);
    }
    waiting = waiting.filter((g) => !next.includes(g));
  }
  return out;
}

/**
 * The services `services` build on (`build.fromServices`, transitively) that are not among them:
 * a builder whose docker may hold no image, or another one, under a base's name (a fresh runner)
 * must build those bases from the same commit first. Sorted.
 */
export function unplannedBases(services: readonly string[], model: ComposeModel): string[] {
  const planned = new Set(services);
  const bases = new Set<string>();
  const visit = (name: string): void => {
    for (const base of model.services[name]?.build?.fromServices ?? []) {
      if (planned.has(base) || bases.has(base) || !model.services[base]?.build) continue;
      bases.add(base);
      visit(base);
    }
  };
  services.forEach(visit);
  return [...bases].sort();
}
