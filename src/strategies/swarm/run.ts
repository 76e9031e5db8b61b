/** What every phase of a swarm deploy shares, read once from the manager. */
import path from 'node:path';
import { registryOf, type RegistryContext } from '../../apply/registry.js';
import type { SwarmTarget } from '../../config/schema.js';
import { UserError } from '../../core/errors.js';
import { shortSha } from '../../core/text.js';
import { layoutOf, type Layout } from '../../sync/layout.js';
import type { Executor } from '../../transport/types.js';
import type { DeployRun, Planned } from '../types.js';
import { serviceName } from './commands.js';
import { stackServicesArgs, stackUpdateStatusScript } from '../../apply/swarm-status-scripts.js';
import { refsOf } from '../../apply/swarm-service-list.js';
import { refuseRollbackConfigs, refuseStaleConfigs } from './config-files.js';
import { pausedServices, refusePaused } from '../../apply/swarm-paused.js';
import {
  decideSwarm,
  differingRefs,
  driftedServices,
  redefinedBuilt,
  releaseRefs,
  remountedServices,
  withAttached,
  type SwarmAction,
} from './decide.js';
import { checkObjects } from './object-check.js';
import type { RemovedTask } from './removed-tasks.js';

export interface SwarmRun extends DeployRun {
  target: SwarmTarget;
  layout: Layout;
  planned: Planned;
  reg: RegistryContext;
  /** `--with-registry-auth`: the registry needs a login */
  auth: boolean;
  /** each built service's registry reference in the release going live */
  refs: Record<string, string>;
  action: SwarmAction;
  /** the stack's services on the swarm when the run started (without the `<stack>_` prefix) */
  existing: string[];
  /** swarm names of the services this run changed, with their UpdateStatus before (what the revert and the health watch) */
  changed: Map<string, string>;
  /** an update's services with their spec version before it (the revert undoes only those it changed) */
  versions: Map<string, string>;
  /** the sha256 of each secret file of the release, by swarm name (with swarm's IDs after the apply, the release's `secrets` record) */
  secrets: Map<string, string>;
  /** the running tasks of the services the stack deploy removes (`--prune`), noted before it: Verify waits until they have stopped */
  removing: RemovedTask[];
}

/** The compose directory of a release on the manager. */
export const composeDirOf = (d: Pick<SwarmRun, 'layout' | 's'>, releaseId: string): string =>
  path.posix.join(d.layout.releaseDir(releaseId), d.s.config.compose.directory);

/**
 * The services the run's stack deploy removes (`--prune`: on the swarm before the run, not in the
 * new release): Verify waits until their tasks have stopped; the revert's stack deploy creates them again.
 */
export const prunedBy = (d: Pick<SwarmRun, 'action' | 'plan' | 'existing' | 'target'>): string[] =>
  d.action.kind === 'stack' && d.action.prune
    ? d.plan.remove.filter((sv) => d.existing.includes(sv)).map((sv) => serviceName(d.target.stack, sv))
    : [];

/** The stack's services: each one's swarm name and spec image ('' when not printed). */
async function stackServices(exec: Executor, stack: string): Promise<{ name: string; image: string }[]> {
  const out = (await exec.run(stackServicesArgs(stack))).stdout;
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`${stack}_`))
    .map((l) => ({ name: l.split(' ')[0]!, image: l.split(' ')[1] ?? '' }));
}

/** The swarm names of the stack's services. */
export const stackServiceNames = async (exec: Executor, stack: string): Promise<string[]> =>
  (await stackServices(exec, stack)).map((sv) => sv.name);

/** The stack's services on the swarm (without the `<stack>_` prefix), with each one's spec image. */
const existingServices = async (base: DeployRun, stack: string): Promise<Record<string, string>> =>
  Object.fromEntries((await stackServices(base.s.conn.exec, stack)).map((sv) => [sv.name.slice(stack.length + 1), sv.image]));

/**
 * An update also puts back every built service whose image on the swarm is not the one the run
 * leaves it on (`refs`): an interrupted run (link cut after its update) left it there, and the plan,
 * made from the recorded release, does not see it.
 */
function withDrifted(base: DeployRun, action: SwarmAction, live: Record<string, string>, refs: Record<string, string>): SwarmAction {
  if (action.kind !== 'update') return action;
  // only references that exist: a rollback's recorded ones, the ones built now or recorded by the live release
  const known = (sv: string): boolean => !!base.rollback || base.plan.build.includes(sv) || !!base.previous?.images?.[sv]?.ref;
  const drifted = driftedServices(live, refs).filter((sv) => known(sv) && !action.images.includes(sv));
  if (drifted.length === 0) return action;
  const each = drifted.map((sv) => `${sv} runs ${live[sv]}, not ${refs[sv]}`).join('; ');
  base.s.reporter.warning(`on the swarm, ${each} (an interrupted run?): updated too`);
  return { ...action, images: [...action.images, ...drifted].sort(), restart: action.restart.filter((sv) => !drifted.includes(sv)) };
}

/** The stack's services the action changes (swarm names): a stack deploy's, or an update's images and restarts. */
const touchedBy = (action: SwarmAction, stack: string): string[] =>
  (action.kind === 'stack' ? action.services : [...action.images, ...action.restart]).map((sv) => serviceName(stack, sv));

/** A deploy (refs of the new release) or, with `base.rollback`, a rollback (the retained release's refs; only those that differ are updated). */
export async function swarmRun(base: DeployRun, planned: Planned): Promise<SwarmRun> {
  const target = base.s.target as SwarmTarget;
  const reg = registryOf(base.s.config, target, base.s.settings.registryPassword);
  if (!reg) throw new UserError('strategy "swarm" needs `build:` with a registry (swarm nodes pull the images from it)');
  const model = planned.input.composeTo;
  const buildable = Object.values(model.services)
    .filter((sv) => sv.build)
    .map((sv) => sv.name);
  const [live, updates, objects] = await Promise.all([
    existingServices(base, target.stack),
    base.s.conn.exec.sh(stackUpdateStatusScript(target.stack)),
    checkObjects(base, model, target.stack, planned.input.changes),
  ]);
  const existing = Object.keys(live);
  const to = base.rollback?.to;
  const refs = to ? refsOf(to.images) : releaseRefs(reg, base.sha, buildable, base.plan.build, base.previous?.images);
  const untagged = buildable.filter((sv) => !refs[sv]);
  if (to && untagged.length > 0)
    throw new UserError(`release ${shortSha(to.id)} recorded no registry tag for ${untagged.join(', ')}: a swarm rollback never builds`);
  const redefined = redefinedBuilt(planned.input.composeFrom, model, base.plan.build);
  const remounted = remountedServices(model, base.plan);
  let action = decideSwarm(base.plan, target.stack, existing, Object.keys(model.services), redefined, remounted);
  if (to) refuseRollbackConfigs(objects.conflicts, shortSha(to.id));
  else refuseStaleConfigs(objects.conflicts);
  if (to && action.kind === 'update') action = { ...action, images: differingRefs(refsOf(base.previous?.images), refs) };
  action = withDrifted(base, withAttached(action, objects.attach), live, refs);
  refusePaused(pausedServices(updates.stdout), touchedBy(action, target.stack), to ? 'rollback' : 'deploy');
  return {
    ...base,
    target,
    layout: layoutOf(target.path),
    planned,
    reg,
    auth: !!reg.username,
    refs,
    action,
    existing,
    changed: new Map(),
    versions: new Map(),
    removing: [],
    secrets: objects.secrets,
  };
}
