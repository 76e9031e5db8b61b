/** What every phase of a compose deploy shares. */
import type { ApplyContext, Carry } from '../../apply/apply-plan.js';
import type { FirstScript } from '../../apply/first-script.js';
import type { ComposeInvocation } from '../../apply/compose-command.js';
import { composeInvocation } from '../../apply/compose-target.js';
import { registryOf } from '../../apply/registry.js';
import type { DetectedCompose } from '../../apply/compose-detect.js';
import type { StableDescription } from '../../apply/wait-started.js';
import type { ContainerInfo } from '../../apply/project-containers.js';
import type { ImageRecord } from '../../record/state-model.js';
import type { ComposeTarget, Config } from '../../config/schema.js';
import { layoutOf, type Layout } from '../../sync/layout.js';
import { uploadTree } from '../upload.js';
import type { UploadFirst } from '../../sync/upload-first.js';
import type { DeployRun, Planned } from '../types.js';

export interface ComposeRun extends DeployRun {
  target: ComposeTarget;
  layout: Layout;
  /** releases layout (else in-place) */
  releases: boolean;
  planned: Planned;
  /** compose run from `current` (or the in-place root): stable bind-mount paths */
  inv: ComposeInvocation;
  /** the host's compose, probed at the start of the run */
  detected?: DetectedCompose;
  apply: ApplyContext;
  /** the project's containers as the health check last read them (the release's images are taken from it) */
  seen?: ContainerInfo[];
  /** what the run's starts so far started, for the next start's window (startPart) */
  carry?: Carry;
  /** services whose health the start proved (start-steps.ts): the verify does not poll them again */
  proven: Set<string>;
  /** the release's images read and tagged after the last `up` (early-tags.ts); undefined when that failed */
  early?: Promise<EarlyTags | undefined>;
  /** the services whose image that round trip tagged (set by the record; the rest are tagged there) */
  tagged?: string[];
  /** the deploy's switch of `current`, sent with the Apply's first command; when it failed, nothing after it ran */
  switching?: FirstScript;
  /** the image ids the undo's retag took the service names from (this run's builds): the failed release's prune removes the dangling ones */
  replaced: string[];
}

export interface EarlyTags {
  images: Record<string, ImageRecord>;
  /** the tags the round trip made (a failed one included: removing a missing tag is harmless) */
  tags: string[];
  /** the services whose image got its tag there (the name compose gave it was the one predicted) */
  tagged: string[];
  /** why the tagging failed (stderr), when it did */
  failed?: string;
}

/** Where a compose target lives on the host: its layout, and compose run from `current` (or the in-place root). */
export function composeSite(
  config: Config,
  target: ComposeTarget,
  detected?: DetectedCompose,
): { layout: Layout; releases: boolean; inv: ComposeInvocation } {
  const layout = layoutOf(target.path);
  const releases = target.layout === 'releases';
  return { layout, releases, inv: composeInvocation(config, releases ? layout.current : layout.root, detected) };
}

/** `detected`: the host's compose (command and version), probed once per run. */
export function composeRun(base: DeployRun, planned: Planned, detected?: DetectedCompose): ComposeRun {
  const target = base.s.target as ComposeTarget;
  const { layout, releases, inv } = composeSite(base.s.config, target, detected);
  const registry = registryOf(base.s.config, target, base.s.settings.registryPassword);
  const apply = {
    exec: base.s.conn.exec,
    reporter: base.s.reporter,
    model: planned.input.composeTo,
    keptOld: new Set<string>(),
    registry,
    probeHealth: target.health.probe,
    stableSeconds: target.health.services ? target.health.stable_for / 1000 : 0,
    stableTimeoutSeconds: Math.ceil(target.health.timeout / 1000),
    noteRestarts: target.health.services,
  };
  return { ...base, target, layout, releases, planned, inv, detected, apply, proven: new Set<string>(), replaced: [] };
}

/** The run's stable window (health.stable_for, with health.services) for its description; undefined without one. */
export function stableDescription(d: Pick<ComposeRun, 'apply'>): StableDescription | undefined {
  const { stableSeconds, stableTimeoutSeconds } = d.apply;
  return stableSeconds && stableTimeoutSeconds !== undefined ? { seconds: stableSeconds, timeoutSeconds: stableTimeoutSeconds } : undefined;
}

/**
 * Uploads the tree of `sha` to the run's target (hard-linked to `linkFrom`'s release directory;
 * `first`, `ownInodes`: see uploadTree).
 */
export function uploadSha(d: ComposeRun, sha: string, linkFrom?: string, first?: UploadFirst, ownInodes = false): Promise<unknown> {
  return uploadTree(d.s, d.target, sha, linkFrom, first, ownInodes);
}
