/** Pure: what a swarm run does with the plan — a stack deploy, or image updates of the planned services only. */
import { registryRef, type RegistryAccess } from '../../apply/registry-scripts.js';
import { deepEqual } from '../../compose/values.js';
import type { ComposeModel, Plan } from '../../plan/types.js';
import type { ImageRecord } from '../../record/state-model.js';

export type SwarmAction =
  /** `docker stack deploy` (first deploy, or the compose definition changed): `services` are those it touches */
  | { kind: 'stack'; reason: string; services: string[]; prune: boolean }
  /** `docker service update --image` of `images`, `--force` of `restart` */
  | { kind: 'update'; images: string[]; restart: string[] };

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * The built services whose compose definition changed beyond `build`/`image` (the planner lists a
 * service whose build section changed under build only): `docker service update --image` would
 * leave the rest of the change (environment, configs, ...) unapplied.
 */
export function redefinedBuilt(from: ComposeModel | null, to: ComposeModel, built: readonly string[]): string[] {
  const rest = (d: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'build' && k !== 'image'));
  return sorted(
    built.filter((sv) => {
      const before = from?.services[sv];
      const after = to.services[sv];
      return !!before && !!after && !deepEqual(rest(before.definition), rest(after.definition));
    }),
  );
}

/**
 * The services that bind-mount files of the release (a relative source that is not a config/secret
 * `file:`) among those the plan builds or restarts, or among all when it runs tasks (a task writes
 * the new release's files: swarm/tasks.ts). `docker stack deploy` resolved their sources into the
 * directory of the release it ran from, and `docker service update` (`--image`, `--force`) keeps
 * them there, so a changed mounted file, or a task's output, would never reach the service. A stack
 * deploy from the new release points them at its files.
 */
export function remountedServices(model: ComposeModel, plan: Pick<Plan, 'build' | 'restart' | 'tasks'>): string[] {
  const inRelease = (source: string): boolean => !/^(\/|~|\$|\.\.(\/|$))/.test(source);
  const candidates = plan.tasks.length > 0 ? Object.keys(model.services) : [...plan.build, ...plan.restart];
  return sorted(
    candidates.filter((sv) => {
      const service = model.services[sv];
      const configs = new Set(service?.configFiles ?? []);
      return !!service?.bindMounts.some((m) => inRelease(m) && !configs.has(m));
    }),
  );
}

/**
 * `existing`: the services of the stack now on the swarm (none: the first deploy); `redefined`:
 * redefinedBuilt; `remounted`: remountedServices (both go through a stack deploy).
 */
export function decideSwarm(
  plan: Plan,
  stack: string,
  existing: readonly string[],
  all: readonly string[],
  redefined: readonly string[] = [],
  remounted: readonly string[] = [],
): SwarmAction {
  if (existing.length === 0)
    return { kind: 'stack', reason: `first deploy: stack ${stack} has no service yet`, services: sorted(all), prune: false };
  // a service new in this release (e.g. only built: the plan has no recreate for it) is created by a stack deploy only
  const missing = sorted(all.filter((sv) => !existing.includes(sv) && !plan.remove.includes(sv)));
  if (missing.length > 0)
    return {
      kind: 'stack',
      reason: `not on the swarm yet: ${missing.join(', ')}`,
      services: sorted([...missing, ...plan.build, ...plan.recreate, ...plan.remove]),
      prune: plan.remove.length > 0,
    };
  if (plan.recreate.length > 0 || plan.remove.length > 0 || redefined.length > 0 || remounted.length > 0)
    return {
      kind: 'stack',
      reason:
        plan.recreate.length > 0 || plan.remove.length > 0 || redefined.length > 0
          ? 'the compose definition changed'
          : `services that bind-mount the release move to the new one: ${remounted.join(', ')}`,
      services: sorted([...plan.build, ...plan.recreate, ...plan.remove, ...remounted]),
      prune: plan.remove.length > 0,
    };
  return { kind: 'update', images: sorted(plan.build), restart: sorted(plan.restart.filter((s) => !plan.build.includes(s))) };
}

/**
 * The action with the services a stack deploy must (re)attach to their configs/secrets (objects.ts:
 * a name swarm does not hold, or one the service does not reference now): `docker service update`
 * keeps the objects a service has, so an update becomes a stack deploy.
 */
export function withAttached(action: SwarmAction, attach: readonly string[]): SwarmAction {
  if (attach.length === 0) return action;
  if (action.kind === 'stack') return { ...action, services: sorted([...action.services, ...attach]) };
  return {
    kind: 'stack',
    reason: `configs/secrets to create or attach: ${attach.join(', ')}`,
    services: sorted([...action.images, ...action.restart, ...attach]),
    prune: false,
  };
}

/** Each built service's reference in the new release: this release's tag when it is built now, else the previous release's. */
export function releaseRefs(
  reg: Pick<RegistryAccess, 'registry' | 'repository'>,
  sha: string,
  buildable: readonly string[],
  built: readonly string[],
  previous?: Readonly<Record<string, ImageRecord>>,
): Record<string, string> {
  const refOf = (sv: string): string => (!built.includes(sv) && previous?.[sv]?.ref) || registryRef(reg, sv, sha);
  return Object.fromEntries(buildable.map((sv) => [sv, refOf(sv)]));
}

/** The services whose reference differs between two releases (what a rollback updates). */
export const differingRefs = (from: Readonly<Record<string, string>>, to: Readonly<Record<string, string>>): string[] =>
  sorted(Object.keys(to).filter((sv) => from[sv] !== to[sv]));

/** The services (of `refs`) whose spec image on the swarm (`live`, its digest aside) is another reference; one not seen is not. */
export const driftedServices = (live: Readonly<Record<string, string>>, refs: Readonly<Record<string, string>>): string[] =>
  sorted(Object.keys(refs).filter((sv) => !!live[sv] && live[sv]!.replace(/@sha256:[0-9a-f]+$/, '') !== refs[sv]));

/**
 * Whether the planned tasks run before the apply (their jobs take the network, mounts and environment
 * of their service as it runs now, and a failed task leaves every service as it was): when each
 * task's service is already on the swarm. Else (a first deploy, a service new in this release) they
 * run after the stack deploy has created it.
 */
export const tasksBeforeApply = (
  tasks: readonly string[],
  config: Readonly<Record<string, { service?: string }>>,
  existing: readonly string[],
): boolean => tasks.every((t) => existing.includes(config[t]?.service ?? ''));
