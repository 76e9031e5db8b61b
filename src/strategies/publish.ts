/**
 * `build:`: the planned services are built ONCE, before the first host changes (on the runner, in a
 * fresh export of the commit, or on the primary, in its new release directory), tagged
 * `<registry>/<repository>/<service>:release-<sha12>` and pushed. Every host then pulls them (pullPlanned).
 */
import { buildServices } from '../apply/apply-plan.js';
import { imageIdsScript, parseImageIds, putBackNamesScript } from '../apply/image-names.js';
import type { ComposeInvocation } from '../apply/compose-command.js';
import { detectCompose } from '../apply/compose-detect.js';
import { imageNameOf, isComposeV1 } from '../apply/compose-naming.js';
import { composeInvocation, detectHostCompose } from '../apply/compose-target.js';
import { checkLogin, inRegistrySession, pushImages, registryOf, type RegistryContext } from '../apply/registry.js';
import { registryRef, type ImagePair } from '../apply/registry-scripts.js';
import type { ComposeTarget, SwarmTarget } from '../config/schema.js';
import type { ComposeModel } from '../plan/types.js';
import { phase, type Session } from '../session/session.js';
import { exportTree } from '../sync/export-tree.js';
import { layoutOf } from '../sync/layout.js';
import { localExecutor } from '../transport/local-executor.js';
import type { Executor } from '../transport/types.js';
import type { Planned } from './types.js';
import { standInEnvFiles } from './runner-env-files.js';
import { refuseHostOnlyDotEnv } from './runner-dotenv.js';
import { unplannedBases } from '../apply/build-groups.js';
import { uploadTree } from './upload.js';
import { removedDangling, replacedImagesScript } from '../sync/prune-releases.js';

/** Compose's name of each service's image paired with its registry reference for `sha`. */
export function imagePairs(
  reg: RegistryContext,
  model: ComposeModel,
  inv: ComposeInvocation,
  services: readonly string[],
  sha: string,
): ImagePair[] {
  const v1 = isComposeV1(inv.command);
  return services.map((sv) => ({ name: imageNameOf(model.services[sv]!, inv.project, v1), ref: registryRef(reg, sv, sha) }));
}

/** Builds with compose, then tags and pushes (the login was checked before: a registry that is down fails before the build). */
async function buildAndPush(s: Session, exec: Executor, inv: ComposeInvocation, reg: RegistryContext, planned: Planned): Promise<void> {
  const { plan, input, to } = planned;
  // the builder's docker may have no image (a fresh runner), or another one, under a base's name
  const bases = unplannedBases(plan.build, input.composeTo);
  const also = bases.length > 0 ? ` (on ${bases.join(' ')}, built from this commit too, not pushed)` : '';
  s.reporter.info(`build once on ${exec.name === 'local' ? 'the runner' : exec.name}: ${plan.build.join(' ')}${also}`);
  // in a registry session: a Dockerfile may build FROM a private image of the same registry
  const builder = inRegistrySession(exec, reg);
  await buildServices({ exec: builder, reporter: s.reporter, model: input.composeTo }, inv, { ...plan, build: [...bases, ...plan.build] });
  const pairs = imagePairs(reg, input.composeTo, inv, plan.build, to);
  s.reporter.info(`push ${pairs.map((p) => p.ref).join(' ')}`);
  // the runner keeps no release tag (each host pulls its own); the primary's are the release's
  await pushImages(exec, reg, pairs, exec === localExecutor);
}

/** The names compose gives the images it builds for the plan (its services and the unplanned bases they build FROM). */
function builtNames(planned: Planned, inv: ComposeInvocation): string[] {
  const model = planned.input.composeTo;
  const services = [...unplannedBases(planned.plan.build, model), ...planned.plan.build];
  return [...new Set(services.map((sv) => imageNameOf(model.services[sv]!, inv.project, isComposeV1(inv.command))))];
}

/**
 * The build on the runner, then the images its names pointed at before (our previous build there),
 * removed when the build left them dangling: by id, no --force (an image a container or another tag
 * still uses stays, as does one the build reproduced). Else each build leaves one behind per image.
 */
async function buildOnRunner(s: Session, inv: ComposeInvocation, reg: RegistryContext, planned: Planned): Promise<void> {
  const before = parseImageIds((await localExecutor.sh(imageIdsScript(builtNames(planned, inv)))).stdout);
  const ids = Object.values(before).filter((id): id is string => id !== null);
  try {
    await buildAndPush(s, localExecutor, inv, reg, planned);
  } finally {
    if (ids.length > 0) {
      const r = await localExecutor.sh(replacedImagesScript(ids), { allowFailure: true });
      const n = removedDangling(r.stdout);
      if (n > 0) s.reporter.info(`removed ${n} superseded build${n === 1 ? '' : 's'} on the runner`);
    }
  }
}

async function onRunner(s: Session, reg: RegistryContext, planned: Planned): Promise<void> {
  await checkLogin(localExecutor, reg);
  const tree = await exportTree(s.settings.repo, planned.to);
  try {
    const built = [...unplannedBases(planned.plan.build, planned.input.composeTo), ...planned.plan.build];
    refuseHostOnlyDotEnv(tree.dir, { compose: s.config.compose, shared: s.target.shared ?? [] }, built);
    const standIns = await standInEnvFiles(tree.dir, planned.input.composeTo);
    if (standIns.length) s.reporter.info(`not in the commit, empty for the build on the runner (env_file): ${standIns.join(' ')}`);
    const detected = await detectCompose(localExecutor, s.config.compose.command);
    await buildOnRunner(s, composeInvocation(s.config, tree.dir, detected), reg, planned);
  } finally {
    await tree.cleanup();
  }
}

/**
 * The primary's new release directory is uploaded now (its own upload later finds it in place).
 * The names compose gives the images it builds there are put back afterwards, pushed or not: the
 * primary's containers are started from those names, and only its Pull phase (undone with the rest
 * of a failed deploy) may change them; else a failed run's build could go live later, unreleased.
 */
async function onHost(s: Session, reg: RegistryContext, planned: Planned): Promise<void> {
  const exec = s.conn.exec;
  await checkLogin(exec, reg);
  await uploadTree(s, s.target, planned.to);
  const detected = await detectHostCompose(exec, s.config, s.target.path);
  const inv = composeInvocation(s.config, layoutOf(s.target.path).releaseDir(planned.to), detected);
  const before = parseImageIds((await exec.sh(imageIdsScript(builtNames(planned, inv)))).stdout);
  try {
    await buildAndPush(s, exec, inv, reg, planned);
  } finally {
    await exec.sh(putBackNamesScript(before), { allowFailure: true });
  }
}

/** The publish step of the compose and swarm strategies: nothing without `build:` or without a service to build. */
export async function publishImages(primary: Session, planned: Planned): Promise<void> {
  const target = primary.target as ComposeTarget | SwarmTarget;
  const reg = registryOf(primary.config, target, primary.settings.registryPassword);
  if (!reg || !target.build || planned.plan.build.length === 0) return;
  const on = target.build.on;
  await phase(primary, 'Publish', () => (on === 'runner' ? onRunner(primary, reg, planned) : onHost(primary, reg, planned)));
}
